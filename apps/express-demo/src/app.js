// The Express demo: Sign in with Amazon (lwaAuth), the user's Amazon Music profile and playlists
// (core's Music client), an API behind requireLwaToken, and device linking.
import { createServer } from 'node:http'
import { createMusicClient, isLwaError } from '@lwa-kit/core'
import { lwaAuth, requireLwaToken } from '@lwa-kit/express'
import express from 'express'
import { loadConfig } from './config.js'
import { devicePage, homePage, signedOutPage } from './pages.js'

/**
 * Builds the demo app.
 * @param {import('./config.js').DemoOptions} [options]
 * @returns {import('express').Express}
 */
export function createApp(options = {}) {
  const config = loadConfig(options)
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', 'loopback')
  const lwa = {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(config.endpoints ? { endpoints: config.endpoints } : { region: config.region }),
    timeoutMs: config.timeoutMs,
  }

  app.use(
    lwaAuth({
      ...lwa,
      redirectUri: `${config.appUrl}/auth/amazon/callback`,
      secret: config.cookieSecret,
      scope: ['profile', 'postal_code', 'music::library:read'],
      device: config.deviceClientId
        ? { clientId: config.deviceClientId, scope: ['profile', 'amazon_music:access'] }
        : {},
    }),
  )

  app.get('/', async (req, res) => {
    const user = req.lwa?.user
    if (!user) return void res.send(signedOutPage())
    const music = createMusicClient({
      tokens: { getAccessToken: (_key, callOptions) => req.lwa.getAccessToken(callOptions) },
      key: req.lwa.key,
      apiKey: config.musicApiKey,
      ...(config.endpoints ? { baseUrl: config.endpoints.musicApiBase } : {}),
      timeoutMs: config.timeoutMs,
    })
    try {
      const [me, playlists] = await Promise.all([music.me(), music.playlists({ limit: 25 })])
      res.send(homePage(user, { me, playlists }))
    } catch (err) {
      if (isLwaError(err) && err.code === 'LWA_REAUTHORIZATION_REQUIRED')
        return void res.redirect(req.lwa.loginUrl('/'))
      const message = isLwaError(err)
        ? `Amazon Music could not be read right now (${err.code}).`
        : 'Amazon Music could not be read right now.'
      res.send(homePage(user, { error: message }))
    }
  })

  app.get('/device', (_req, res) => res.send(devicePage()))

  // An API for apps that hold an LWA access token of this client (e.g. a mobile app).
  app.get(
    '/api/me',
    requireLwaToken({ ...lwa, timeoutMs: Math.min(config.timeoutMs, 5000) }),
    (req, res) => {
      const { userId, clientId, expiresAt } = req.lwaToken.info
      res.json({ userId, clientId, expiresAt: new Date(expiresAt).toISOString() })
    },
  )

  return app
}

/**
 * Starts the demo. With `port: 0` and no `appUrl`, the app URL is the address it got.
 * @param {import('./config.js').DemoOptions & { host?: string }} [options]
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startApp(options = {}) {
  const config = loadConfig(options)
  // Loopback only unless told otherwise (HOST=0.0.0.0 to listen on every interface).
  const host = options.host ?? (process.env.HOST || '127.0.0.1')
  /** @type {import('express').Express | undefined} */
  let app
  const server = createServer((req, res) => app?.(req, res))
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, host, () => {
      server.off('error', reject)
      resolve(undefined)
    })
  })
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  const appUrl =
    options.appUrl ?? (config.port === 0 ? `http://127.0.0.1:${address.port}` : config.appUrl)
  app = createApp({ ...options, appUrl, port: address.port })
  return {
    url: appUrl,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve(undefined))
      }),
  }
}
