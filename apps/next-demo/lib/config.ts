// The demo's configuration, from the environment, with defaults that make `npm start` work against
// the emulator's demo config (tools/start starts it on 127.0.0.1:4100). Edge-safe: no Node APIs.
import type { LwaEndpoints } from '@lwa-kit/core'
import { DEMO, emulatorEndpoints } from '@lwa-kit/emulator/endpoints'

const env = (name: string): string | undefined => {
  const value = process.env[name]
  return value && value.length > 0 ? value : undefined
}

const port = env('PORT') ?? '3002'
/** LWA_EMULATOR_URL, else the `npm start` one unless you set your own client id (start.mjs agrees). */
const emulatorUrl =
  env('LWA_EMULATOR_URL') ?? (env('LWA_CLIENT_ID') ? undefined : 'http://127.0.0.1:4100')

export const config = {
  /** Where the app is reached; NextAuth builds the callback URL from it. */
  appUrl: env('NEXTAUTH_URL') ?? `http://localhost:${port}`,
  /**
   * Signs and encrypts the session cookie (which holds the refresh token). The built-in one only on
   * the emulator: with Amazon's endpoints, `npm start` refuses to start without NEXTAUTH_SECRET.
   */
  secret:
    env('NEXTAUTH_SECRET') ??
    (emulatorUrl ? 'lwa-kit-next-demo-secret-for-the-emulator-only-0123456789' : undefined),
  clientId: env('LWA_CLIENT_ID') ?? DEMO.webClientId,
  /** Your own client id needs its own secret; the demo one is the emulator's. */
  clientSecret: env('LWA_CLIENT_SECRET') ?? (env('LWA_CLIENT_ID') ? '' : DEMO.webClientSecret),
  /** The Security Profile id, sent to the Music API as `x-api-key`. */
  apiKey: env('LWA_API_KEY') ?? DEMO.profileId,
  /** The emulator's root: LWA_EMULATOR_URL, else the `npm start` one unless you set your own client id. */
  emulatorUrl,
}

/** The emulator's endpoints (NA paths at its root), or undefined for Amazon's. */
export const endpoints: LwaEndpoints | undefined = config.emulatorUrl
  ? emulatorEndpoints(config.emulatorUrl)
  : undefined
