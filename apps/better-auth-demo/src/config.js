// Settings of the demo, from the environment. Defaults: the emulator's public demo clients on
// http://127.0.0.1:4100 and the app on http://localhost:3003. Your own LWA_CLIENT_ID without
// LWA_EMULATOR_URL means Amazon's real endpoints, and there the demo's built-in secret is refused:
// set BETTER_AUTH_SECRET.
import { DEMO, emulatorEndpoints } from '@lwa-kit/emulator/endpoints'

/** A setting is missing or wrong: `npm start` prints the message (one line) and exits 1. */
export class DemoConfigError extends Error {
  name = 'DemoConfigError'
}

/**
 * @typedef {object} DemoOptions
 * @property {string} [appUrl] The app's public URL (default http://localhost:$PORT).
 * @property {number} [port] The port (default $PORT or 3003).
 * @property {string} [lwaEmulatorUrl] The emulator's URL; empty for Amazon's real endpoints (the
 *   default when a client id other than the emulator's demo one is set).
 * @property {'NA'|'EU'|'FE'} [region] The LWA region when not on the emulator.
 * @property {string} [clientId]
 * @property {string} [clientSecret]
 * @property {string} [deviceClientId]
 * @property {string} [musicApiKey] The Security Profile id, sent to Amazon Music as x-api-key.
 * @property {string} [secret] Better Auth's secret, at least 32 characters.
 * @property {number} [timeoutMs]
 */

/**
 * Reads the settings from the environment, with `overrides` on top.
 * @param {DemoOptions} [overrides]
 * @param {Record<string, string | undefined>} [env]
 */
export function loadConfig(overrides = {}, env = process.env) {
  const port = overrides.port ?? Number(env.PORT ?? 3003)
  const ownClientId = overrides.clientId ?? (env.LWA_CLIENT_ID || undefined)
  const emulatorUrl =
    overrides.lwaEmulatorUrl ??
    env.LWA_EMULATOR_URL ??
    (ownClientId && ownClientId !== DEMO.webClientId ? '' : 'http://127.0.0.1:4100')
  const onEmulator = emulatorUrl !== ''
  const clientId = ownClientId ?? DEMO.webClientId
  const secret =
    overrides.secret ??
    env.BETTER_AUTH_SECRET ??
    (onEmulator ? 'better-auth-demo-secret-for-the-emulator-only' : undefined)
  if (!secret)
    throw new DemoConfigError(
      "Set BETTER_AUTH_SECRET (a random string of at least 32 characters): this demo's built-in secret is for the emulator only, and without LWA_EMULATOR_URL it runs against Amazon's real endpoints.",
    )
  return {
    port,
    appUrl: (overrides.appUrl ?? env.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    emulatorUrl,
    region: overrides.region ?? /** @type {'NA'|'EU'|'FE'} */ (env.LWA_REGION ?? 'NA'),
    endpoints: onEmulator ? emulatorEndpoints(emulatorUrl) : undefined,
    clientId,
    clientSecret:
      overrides.clientSecret ??
      env.LWA_CLIENT_SECRET ??
      (clientId === DEMO.webClientId ? DEMO.webClientSecret : undefined),
    deviceClientId:
      overrides.deviceClientId ??
      env.LWA_DEVICE_CLIENT_ID ??
      (onEmulator ? DEMO.deviceClientId : undefined),
    musicApiKey: overrides.musicApiKey ?? env.LWA_MUSIC_API_KEY ?? DEMO.profileId,
    secret,
    timeoutMs: overrides.timeoutMs ?? 10_000,
  }
}
