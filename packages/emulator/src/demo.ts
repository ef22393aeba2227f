// The demo configuration's ids and credentials: plain data, no imports, so the Node-free
// `@lwa-kit/emulator/endpoints` entry ships them without the rest of the demo configuration.

/**
 * The ids and credentials of the demo configuration, for tests and sample apps.
 *
 * @example
 * ```ts
 * import { DEMO } from '@lwa-kit/emulator'
 * const client = { clientId: DEMO.webClientId, clientSecret: DEMO.webClientSecret }
 * ```
 */
export const DEMO = {
  /** The NA security profile, enabled for Amazon Music. */
  profileId: 'amzn1.application.6c7f0d3e2b1a4f5e9d8c7b6a5f4e3d2c',
  /** The NA web client (has a secret). */
  webClientId: 'amzn1.application-oa2-client.8f3a2b1c4d5e6f708192a3b4c5d6e7f8',
  webClientSecret: 'demo-web-secret-5d1f7c2a9b3e4d6f8a0b1c2d3e4f5a6b',
  /** The NA device client (no secret). */
  deviceClientId: 'amzn1.application-oa2-client.1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a',
  /** The NA web client as one object (same values as `webClientId`/`webClientSecret`). */
  webClient: {
    clientId: 'amzn1.application-oa2-client.8f3a2b1c4d5e6f708192a3b4c5d6e7f8',
    clientSecret: 'demo-web-secret-5d1f7c2a9b3e4d6f8a0b1c2d3e4f5a6b',
  },
  /** The NA device client as one object (same value as `deviceClientId`). */
  deviceClient: { clientId: 'amzn1.application-oa2-client.1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a' },
  /** The EU security profile and its web client. */
  euProfileId: 'amzn1.application.0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b',
  euWebClientId: 'amzn1.application-oa2-client.2e4d6c8b0a1f3e5d7c9b1a2f4e6d8c0b',
  euWebClientSecret: 'demo-eu-secret-3b5d7f9a1c2e4f6a8b0c1d3e5f7a9b2c',
  /** The FE security profile and its web client. */
  feProfileId: 'amzn1.application.9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d',
  feWebClientId: 'amzn1.application-oa2-client.3f5e7d9c1b2a4f6e8d0c2b4a6f8e0d1c',
  feWebClientSecret: 'demo-fe-secret-7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b',
  /** The return URLs of the sample apps, allowed on every demo profile. */
  returnUrls: {
    expressDemo: 'http://localhost:3000/auth/amazon/callback',
    nestDemo: 'http://localhost:3001/auth/amazon/callback',
    nextDemo: 'http://localhost:3002/api/auth/callback/amazon',
  },
  /** Demo users. */
  users: {
    alice: {
      userId: 'amzn1.account.AEDEMOALICE7Q2X4K9M3',
      name: 'Alice Example',
      email: 'alice@example.com',
      password: 'alice-password',
      postalCode: '98109',
    },
    bob: {
      userId: 'amzn1.account.AEDEMOBOB5T8W1Z6P2N',
      name: 'Bob Example',
      email: 'bob@example.com',
      password: 'bob-password',
      postalCode: '10001-1234',
    },
  },
} as const
