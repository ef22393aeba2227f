// The Better Auth demo on Node's http: Sign in with Amazon, the user's Amazon Music profile and
// playlists, an API for mobile LWA tokens, and device linking.
import { createServer } from 'node:http'
import { amazonMusic, verifyAmazonToken } from '@lwa-kit/better-auth'
import { describeError, failureOf, WebErrorCode } from '@lwa-kit/core'
import { PLAYLIST_PAGE_SIZE, playlistPage } from '@lwa-kit/demo-ui'
import { fromNodeHeaders, toNodeHandler } from 'better-auth/node'
import { createAuth } from './auth.js'
import { loadConfig } from './config.js'
import {
  betterAuthFailure,
  devicePage,
  failurePage,
  homePage,
  notFoundPage,
  signedOutPage,
} from './pages.js'

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} body
 * @param {Record<string, string | string[]>} [headers]
 */
function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body)
}

/** Copies Better Auth's Set-Cookie headers onto the response. @param {Headers} from */
const cookies = (from) => ({ 'set-cookie': from.getSetCookie() })

/**
 * Builds the demo's request handler.
 * @param {import('./config.js').DemoOptions} [options]
 */
export function createApp(options = {}) {
  const config = loadConfig(options)
  const auth = createAuth(config)
  const authHandler = toNodeHandler(auth)
  const home = { appUrl: config.appUrl, clientId: config.clientId, emulatorUrl: config.emulatorUrl }

  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>} */
  async function route(req, res) {
    const url = new URL(req.url ?? '/', config.appUrl)
    if (url.pathname.startsWith('/api/auth/')) return authHandler(req, res)
    const headers = fromNodeHeaders(req.headers)
    const post = req.method === 'POST'
    if (post && url.pathname === '/sign-in') {
      const { headers: out, response } = await auth.api.signInSocial({
        body: { provider: 'amazon', callbackURL: '/' },
        headers,
        returnHeaders: true,
      })
      return send(res, 303, '', { ...cookies(out), location: response.url ?? '/' })
    }
    if (post && url.pathname === '/sign-out') {
      const { headers: out } = await auth.api.signOut({ headers, returnHeaders: true })
      return send(res, 303, '', { ...cookies(out), location: '/' })
    }
    if (url.pathname === '/device') return send(res, 200, devicePage())
    if (url.pathname === '/sign-in-problem') {
      const failure = betterAuthFailure(url.searchParams.get('error'))
      return send(res, failure.status, failurePage(failure))
    }
    if (url.pathname === '/api/me') {
      const json = (status, body, extra = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...extra })
        res.end(JSON.stringify(body))
      }
      try {
        const { amazonUserId, clientId, expiresAt } = await verifyAmazonToken(auth, { headers })
        return json(200, {
          userId: amazonUserId,
          clientId,
          expiresAt: new Date(expiresAt).toISOString(),
        })
      } catch (err) {
        // The same JSON as every sample: core's table, `{ error, message }`.
        const failure = describeError(err)
        return json(
          failure.status,
          { error: failure.code, message: failure.message },
          failure.status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {},
        )
      }
    }
    if (url.pathname !== '/') return send(res, 404, notFoundPage())
    const session = await auth.api.getSession({ headers })
    if (!session) return send(res, 200, signedOutPage(home))
    const { name, email } = session.user
    const { cursor, from } = playlistPage(url.searchParams)
    try {
      const music = await amazonMusic(auth, { headers })
      const [me, playlists, accounts] = await Promise.all([
        music.me(),
        music.playlists({ limit: PLAYLIST_PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
        auth.api.listUserAccounts({ headers }),
      ])
      const amazon = accounts.find((a) => a.providerId === 'amazon')
      send(
        res,
        200,
        homePage({ name, email, id: amazon?.accountId }, { me, playlists, from }, home),
      )
    } catch (err) {
      const failure = describeError(err)
      // The grant was revoked (or can no longer be renewed): sign in again.
      if (failure.code === WebErrorCode.ReauthorizationRequired)
        return send(res, 401, failurePage(failure))
      send(res, 200, homePage({ name, email }, { failure }, home))
    }
  }

  return {
    auth,
    /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
    handle(req, res) {
      // A request never crashes the process: any failure is a 500 page.
      route(req, res).catch(() => {
        if (res.headersSent) return void res.destroy()
        send(res, 500, failurePage(failureOf(WebErrorCode.Internal)))
      })
    },
  }
}

/**
 * Starts the demo. With `port: 0` and no `appUrl`, the app URL is the address it got.
 * @param {import('./config.js').DemoOptions & { host?: string }} [options]
 * @returns {Promise<{ url: string, auth: ReturnType<typeof createAuth>, close(): Promise<void> }>}
 */
export async function startApp(options = {}) {
  const config = loadConfig(options)
  // Loopback only unless told otherwise (HOST=0.0.0.0 to listen on every interface).
  const host = options.host ?? (process.env.HOST || '127.0.0.1')
  /** @type {ReturnType<typeof createApp> | undefined} */
  let app
  const server = createServer((req, res) => app?.handle(req, res))
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
    auth: app.auth,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve(undefined))
      }),
  }
}
