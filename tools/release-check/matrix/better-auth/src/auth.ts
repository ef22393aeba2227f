// Better Auth as the @lwa-kit/better-auth README writes it: Amazon through the genericOAuth plugin,
// loginWithAmazon for Music tokens, the bearer check and device linking; Better Auth's memory
// adapter, on Node's http.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { amazon, amazonMusic, loginWithAmazon } from '@lwa-kit/better-auth'
import type { LwaEndpoints } from '@lwa-kit/core'
import { betterAuth } from 'better-auth'
import { memoryAdapter } from 'better-auth/adapters/memory'
import { toNodeHandler } from 'better-auth/node'
import { genericOAuth } from 'better-auth/plugins/generic-oauth'

export interface Settings {
  clientId: string
  clientSecret: string
  deviceClientId: string
  musicApiKey: string
  endpoints: LwaEndpoints
}

function createAuth(baseURL: string, settings: Settings) {
  const provider = amazon({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    scope: ['profile', 'music::library:read'],
    endpoints: settings.endpoints,
  })
  return betterAuth({
    baseURL,
    secret: 'a-better-auth-secret-of-at-least-32-characters',
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    telemetry: { enabled: false },
    logger: { disabled: true },
    plugins: [
      genericOAuth({ config: [provider] }),
      loginWithAmazon({
        provider,
        musicApiKey: settings.musicApiKey,
        device: { clientId: settings.deviceClientId, scope: ['profile', 'amazon_music:access'] },
      }),
    ],
  })
}

/** Starts the app on 127.0.0.1: Better Auth under /api/auth, and /music with the user's Music profile. */
export async function startApp(
  settings: Settings,
): Promise<{ url: string; close(): Promise<void> }> {
  let auth: ReturnType<typeof createAuth> | undefined
  let handler: ReturnType<typeof toNodeHandler> | undefined
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/api/auth/')) return void handler?.(req, res)
    if (req.url === '/music' && auth) {
      const headers = new Headers()
      if (req.headers.cookie) headers.set('cookie', req.headers.cookie)
      amazonMusic(auth, { headers })
        .then((music) => music.me())
        .then(
          (me) => {
            res.setHeader('content-type', 'application/json')
            res.end(JSON.stringify({ id: me.id }))
          },
          (err: unknown) => {
            res.statusCode = 401
            res.end(String((err as { code?: string }).code ?? 'error'))
          },
        )
      return
    }
    res.statusCode = 404
    res.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  auth = createAuth(url, settings)
  handler = toNodeHandler(auth)
  return { url, close: () => new Promise((done) => server.close(() => done())) }
}
