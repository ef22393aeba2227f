// Settings of the demo, from the environment. Defaults: the emulator's public demo web client on
// http://127.0.0.1:4100 and the app on http://localhost:3000 (see the root README's `npm start`).

/** The emulator's demo credentials (public test values from @lwa-kit/emulator's DEMO). */
export const EMULATOR_DEMO = Object.freeze({
  profileId: 'amzn1.application.6c7f0d3e2b1a4f5e9d8c7b6a5f4e3d2c',
  webClientId: 'amzn1.application-oa2-client.8f3a2b1c4d5e6f708192a3b4c5d6e7f8',
  webClientSecret: 'demo-web-secret-5d1f7c2a9b3e4d6f8a0b1c2d3e4f5a6b',
  deviceClientId: 'amzn1.application-oa2-client.1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a',
})

/**
 * The LWA endpoints of an emulator: NA paths at its root.
 * @param {string} root
 */
export function emulatorEndpoints(root) {
  const base = root.replace(/\/+$/, '')
  return {
    authorizationEndpoint: `${base}/ap/oa`,
    tokenEndpoint: `${base}/auth/o2/token`,
    codePairEndpoint: `${base}/auth/o2/create/codepair`,
    tokenInfoEndpoint: `${base}/auth/o2/tokeninfo`,
    profileEndpoint: `${base}/user/profile`,
    musicApiBase: base,
  }
}

/**
 * @typedef {object} DemoOptions
 * @property {string} [appUrl] The app's public URL (default http://localhost:$PORT).
 * @property {number} [port] The port (default $PORT or 3000).
 * @property {string} [lwaEmulatorUrl] The emulator's URL; empty for Amazon's real endpoints.
 * @property {'NA'|'EU'|'FE'} [region] The LWA region when not on the emulator.
 * @property {string} [clientId]
 * @property {string} [clientSecret]
 * @property {string} [deviceClientId]
 * @property {string} [musicApiKey] The Security Profile id, sent to Amazon Music as x-api-key.
 * @property {string} [cookieSecret] At least 32 characters.
 * @property {number} [timeoutMs]
 */

/**
 * Reads the settings from the environment, with `overrides` on top.
 * @param {DemoOptions} [overrides]
 * @param {Record<string, string | undefined>} [env]
 */
export function loadConfig(overrides = {}, env = process.env) {
  const port = overrides.port ?? Number(env.PORT ?? 3000)
  const emulatorUrl = overrides.lwaEmulatorUrl ?? env.LWA_EMULATOR_URL ?? 'http://127.0.0.1:4100'
  const onEmulator = emulatorUrl !== ''
  const clientId = overrides.clientId ?? env.LWA_CLIENT_ID ?? EMULATOR_DEMO.webClientId
  const cookieSecret =
    overrides.cookieSecret ??
    env.LWA_COOKIE_SECRET ??
    (onEmulator ? 'express-demo-cookie-secret-for-the-emulator-only' : undefined)
  if (!cookieSecret) throw new Error('Set LWA_COOKIE_SECRET (at least 32 characters).')
  return {
    port,
    appUrl: (overrides.appUrl ?? env.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    onEmulator,
    emulatorUrl,
    region: overrides.region ?? /** @type {'NA'|'EU'|'FE'} */ (env.LWA_REGION ?? 'NA'),
    endpoints: onEmulator ? emulatorEndpoints(emulatorUrl) : undefined,
    clientId,
    clientSecret:
      overrides.clientSecret ??
      env.LWA_CLIENT_SECRET ??
      (clientId === EMULATOR_DEMO.webClientId ? EMULATOR_DEMO.webClientSecret : undefined),
    deviceClientId:
      overrides.deviceClientId ??
      env.LWA_DEVICE_CLIENT_ID ??
      (onEmulator ? EMULATOR_DEMO.deviceClientId : undefined),
    musicApiKey: overrides.musicApiKey ?? env.LWA_MUSIC_API_KEY ?? EMULATOR_DEMO.profileId,
    cookieSecret,
    timeoutMs: overrides.timeoutMs ?? 10_000,
  }
}
