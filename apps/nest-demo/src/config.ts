/**
 * The demo's settings, read from the environment with the emulator's demo web client as default.
 */
import { randomBytes } from 'node:crypto'
import { DEMO } from '@lwa-kit/emulator/endpoints'

/** Where `npm start` runs the emulator. */
export const DEFAULT_EMULATOR_URL = 'http://127.0.0.1:4100'

/** A setting is missing or wrong: `npm start` prints the message (one line) and exits 1. */
export class DemoConfigError extends Error {
  override name = 'DemoConfigError'
}

export interface DemoConfig {
  /** The port the app listens on (`PORT`, default 3001). */
  port: number
  /** The app's public URL (`APP_URL`, default `http://localhost:<PORT>`). */
  appUrl: string
  /**
   * The emulator's root URL (`LWA_EMULATOR_URL`); empty means Amazon's real endpoints, the default
   * when `LWA_CLIENT_ID` is your own.
   */
  emulatorUrl: string
  /** `LWA_REGION` (NA, EU or FE) when Amazon's real endpoints are used. */
  region: 'NA' | 'EU' | 'FE'
  clientId: string
  clientSecret: string
  /**
   * Seals the sign-in state cookie (`LWA_STATE_SECRET`; on the emulator, default random per
   * process; required with Amazon's real endpoints).
   */
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
  const clientId = env.LWA_CLIENT_ID || DEMO.webClient.clientId
  const demoClient = clientId === DEMO.webClient.clientId
  const emulatorUrl = (env.LWA_EMULATOR_URL ?? (demoClient ? DEFAULT_EMULATOR_URL : '')).replace(
    /\/+$/,
    '',
  )
  const clientSecret = env.LWA_CLIENT_SECRET || (demoClient ? DEMO.webClient.clientSecret : '')
  if (!clientSecret) throw new DemoConfigError(`Set LWA_CLIENT_SECRET: the secret of ${clientId}.`)
  // Amazon's real endpoints get no secret made up here: each instance needs the same one.
  if (!emulatorUrl && !env.LWA_STATE_SECRET)
    throw new DemoConfigError(
      "Set LWA_STATE_SECRET (a random string of at least 32 characters): only on the emulator does this demo make one up, and without LWA_EMULATOR_URL it runs against Amazon's real endpoints.",
    )
  return {
    port,
    appUrl: (env.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    emulatorUrl,
    region,
    clientId,
    clientSecret,
    stateSecret: env.LWA_STATE_SECRET || randomBytes(32).toString('base64url'),
    scope: words(env.LWA_SCOPE, ['profile', 'postal_code', 'music::library:read']),
    ...(env.LWA_MUSIC_API_KEY ? { musicApiKey: env.LWA_MUSIC_API_KEY } : {}),
    deviceScope: words(env.LWA_DEVICE_SCOPE, ['profile', 'music::library:read']),
  }
}
