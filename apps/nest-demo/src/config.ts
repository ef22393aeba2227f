/**
 * The demo's settings, read from the environment with the emulator's demo web client as default.
 */
import { randomBytes } from 'node:crypto'
import { DEMO } from '@lwa-kit/emulator/endpoints'

/** Where `npm start` runs the emulator. */
export const DEFAULT_EMULATOR_URL = 'http://127.0.0.1:4100'

export interface DemoConfig {
  /** The port the app listens on (`PORT`, default 3001). */
  port: number
  /** The app's public URL (`APP_URL`, default `http://localhost:<PORT>`). */
  appUrl: string
  /** The emulator's root URL (`LWA_EMULATOR_URL`); empty means Amazon's real endpoints. */
  emulatorUrl: string
  /** `LWA_REGION` (NA, EU or FE) when Amazon's real endpoints are used. */
  region: 'NA' | 'EU' | 'FE'
  clientId: string
  clientSecret: string
  /** Seals the sign-in state cookie (`LWA_STATE_SECRET`, default: random per process). */
  stateSecret: string
  /** The scopes asked at sign-in (`LWA_SCOPE`, space-separated). */
  scope: string[]
  /** The Amazon Music `x-api-key` (`LWA_MUSIC_API_KEY`; default: token info's app id). */
  musicApiKey?: string
  /** The scopes a device-linking code pair asks (`LWA_DEVICE_SCOPE`). */
  deviceScope: string[]
}

type Env = Record<string, string | undefined>

function words(value: string | undefined, fallback: string[]): string[] {
  const list = (value ?? '').split(/\s+/).filter(Boolean)
  return list.length > 0 ? list : fallback
}

/**
 * Reads the demo's settings from `env` (default `process.env`).
 */
export function readDemoConfig(env: Env = process.env): DemoConfig {
  const port = Number(env.PORT ?? 3001)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('PORT is not a port.')
  const region = (env.LWA_REGION ?? 'NA').toUpperCase()
  if (region !== 'NA' && region !== 'EU' && region !== 'FE')
    throw new Error('LWA_REGION must be NA, EU or FE.')
  return {
    port,
    appUrl: (env.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    emulatorUrl: (env.LWA_EMULATOR_URL ?? DEFAULT_EMULATOR_URL).replace(/\/+$/, ''),
    region,
    clientId: env.LWA_CLIENT_ID || DEMO.webClient.clientId,
    clientSecret: env.LWA_CLIENT_SECRET || DEMO.webClient.clientSecret,
    stateSecret: env.LWA_STATE_SECRET || randomBytes(32).toString('base64url'),
    scope: words(env.LWA_SCOPE, ['profile', 'postal_code', 'music::library:read']),
    ...(env.LWA_MUSIC_API_KEY ? { musicApiKey: env.LWA_MUSIC_API_KEY } : {}),
    deviceScope: words(env.LWA_DEVICE_SCOPE, ['profile', 'music::library:read']),
  }
}
