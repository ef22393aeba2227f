import { DEMO } from './demo.js'
import type { EmulatorConfig } from './types.js'

export { DEMO } from './demo.js'

const returnUrls = Object.values(DEMO.returnUrls)

/**
 * The demo configuration: a music-enabled NA profile with a web and a device client, EU and FE
 * profiles with one web client each, and two users. {@link startEmulator} uses it by default.
 *
 * @example
 * ```ts
 * import { demoConfig, startEmulator } from '@lwa-kit/emulator'
 * const emulator = await startEmulator({ config: demoConfig })
 * ```
 */
export const demoConfig: EmulatorConfig = {
  profiles: [
    {
      id: DEMO.profileId,
      name: 'LWA Kit Demo',
      region: 'NA',
      musicEnabled: true,
      allowedReturnUrls: [...returnUrls],
      clients: [
        { clientId: DEMO.webClientId, clientSecret: DEMO.webClientSecret, type: 'web' },
        { clientId: DEMO.deviceClientId, type: 'device' },
      ],
    },
    {
      id: DEMO.euProfileId,
      name: 'LWA Kit Demo (EU)',
      region: 'EU',
      musicEnabled: true,
      allowedReturnUrls: [...returnUrls],
      clients: [
        { clientId: DEMO.euWebClientId, clientSecret: DEMO.euWebClientSecret, type: 'web' },
      ],
    },
    {
      id: DEMO.feProfileId,
      name: 'LWA Kit Demo (FE)',
      region: 'FE',
      musicEnabled: false,
      allowedReturnUrls: [...returnUrls],
      clients: [
        { clientId: DEMO.feWebClientId, clientSecret: DEMO.feWebClientSecret, type: 'web' },
      ],
    },
  ],
  users: [{ ...DEMO.users.alice }, { ...DEMO.users.bob }],
}
