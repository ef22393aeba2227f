// The Express demo: Sign in with Amazon (lwaAuth), the user's Amazon Music profile and playlists
// (core's Music client), an API behind requireLwaToken, and device linking.
import { createServer } from 'node:http'
import { createMusicClient, describeError, WebErrorCode } from '@lwa-kit/core'
import { failureOfCode, PLAYLIST_PAGE_SIZE, playlistPage } from '@lwa-kit/demo-ui'
import { lwaAuth, requireLwaToken } from '@lwa-kit/express'
import express from 'express'
import { loadConfig } from './config.js'
import { devicePage, failurePage, homePage, signedOutPage } from './pages.js'

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
      // Cancel on Amazon's page and every failed sign-in: the sample's page, in core's words.
      failureRedirect: '/sign-in-problem',
      device: config.deviceClientId
        ? { clientId: config.deviceClientId, scope: ['profile', 'amazon_music:access'] }
        : {},
    }),
  )

  const home = { appUrl: config.appUrl, clientId: config.clientId, emulatorUrl: config.emulatorUrl }

  app.get('/', async (req, res) => {
    const user = req.lwa?.user
    if (!user) return void res.send(signedOutPage(home))
    const music = createMusicClient({
      tokens: { getAccessToken: (_key, callOptions) => req.lwa.getAccessToken(callOptions) },
      key: req.lwa.key,
      apiKey: config.musicApiKey,
      ...(config.endpoints ? { baseUrl: config.endpoints.musicApiBase } : {}),
      timeoutMs: config.timeoutMs,
    })
    const { cursor, from } = playlistPage(new URL(req.originalUrl, 'http://x').searchParams)
    try {
      const [me, playlists] = await Promise.all([
        music.me(),
        music.playlists({ limit: PLAYLIST_PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
      ])
      res.send(homePage({ ...user }, { me, playlists, from }, home))
    } catch (err) {
      const failure = describeError(err)
      // The grant was revoked (or can no longer be renewed): end the session, sign in again.
      if (failure.code === WebErrorCode.ReauthorizationRequired) {
        await req.lwa?.end()
        return void res.status(401).send(failurePage(failure))
      }
      res.send(homePage({ ...user }, { failure }, home))
    }
  })

  app.get('/sign-in-problem', (req, res) => {
    const failure = failureOfCode(typeof req.query.error === 'string' ? req.query.error : null)
    res.status(failure.status).send(failurePage(failure))
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
