// The demo's configuration, from the environment, with defaults that make `npm start` work against
// the emulator's demo config (tools/start starts it on 127.0.0.1:4100). Edge-safe: no Node APIs.
import type { LwaEndpoints } from '@lwa-kit/core'

/** The emulator's demo web client and security profile (`DEMO` in @lwa-kit/emulator). */
const DEMO_WEB_CLIENT_ID = 'amzn1.application-oa2-client.8f3a2b1c4d5e6f708192a3b4c5d6e7f8'
const DEMO_WEB_CLIENT_SECRET = 'demo-web-secret-5d1f7c2a9b3e4d6f8a0b1c2d3e4f5a6b'
const DEMO_PROFILE_ID = 'amzn1.application.6c7f0d3e2b1a4f5e9d8c7b6a5f4e3d2c'

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
  clientId: env('LWA_CLIENT_ID') ?? DEMO_WEB_CLIENT_ID,
  clientSecret: env('LWA_CLIENT_SECRET') ?? DEMO_WEB_CLIENT_SECRET,
  /** The Security Profile id, sent to the Music API as `x-api-key`. */
  apiKey: env('LWA_API_KEY') ?? DEMO_PROFILE_ID,
  /** The emulator's root: LWA_EMULATOR_URL, else the `npm start` one unless you set your own client id. */
  emulatorUrl:
    env('LWA_EMULATOR_URL') ?? (env('LWA_CLIENT_ID') ? undefined : 'http://127.0.0.1:4100'),
}

/** The emulator's endpoints (NA paths at its root), or undefined for Amazon's. */
export function emulatorEndpoints(): LwaEndpoints | undefined {
  const root = config.emulatorUrl?.replace(/\/+$/, '')
  if (!root) return undefined
  return {
    authorizationEndpoint: `${root}/ap/oa`,
    tokenEndpoint: `${root}/auth/o2/token`,
    codePairEndpoint: `${root}/auth/o2/create/codepair`,
    tokenInfoEndpoint: `${root}/auth/o2/tokeninfo`,
    profileEndpoint: `${root}/user/profile`,
    musicApiBase: root,
  }
}
