// The demo's configuration, from the environment, with defaults that make `npm start` work against
// the emulator's demo config (tools/start starts it on 127.0.0.1:4100). Edge-safe: no Node APIs.
import type { LwaEndpoints } from '@lwa-kit/core'
import { DEMO, emulatorEndpoints } from '@lwa-kit/emulator/endpoints'

const env = (name: string): string | undefined => {
  const value = process.env[name]
  return value && value.length > 0 ? value : undefined
}

const port = env('PORT') ?? '3002'

export const config = {
  /** Where the app is reached; NextAuth builds the callback URL from it. */
  appUrl: env('NEXTAUTH_URL') ?? `http://localhost:${port}`,
  /** Signs the session cookie. Set your own outside the demo. */
  secret: env('NEXTAUTH_SECRET') ?? 'lwa-kit-next-demo-secret-change-me-0123456789',
  clientId: env('LWA_CLIENT_ID') ?? DEMO.webClientId,
  clientSecret: env('LWA_CLIENT_SECRET') ?? DEMO.webClientSecret,
  /** The Security Profile id, sent to the Music API as `x-api-key`. */
  apiKey: env('LWA_API_KEY') ?? DEMO.profileId,
  /** The emulator's root: LWA_EMULATOR_URL, else the `npm start` one unless you set your own client id. */
  emulatorUrl:
    env('LWA_EMULATOR_URL') ?? (env('LWA_CLIENT_ID') ? undefined : 'http://127.0.0.1:4100'),
}

/** The emulator's endpoints (NA paths at its root), or undefined for Amazon's. */
export const endpoints: LwaEndpoints | undefined = config.emulatorUrl
  ? emulatorEndpoints(config.emulatorUrl)
  : undefined
