// The adapter contract's bearer cases (tools/testing/adapter-contract.mjs) through the plugin's
// GET /amazon/token-info in a real Better Auth. The glue below only renames the route (/api/me)
// and maps the 200 body to the contract's { userId }; refusals are Better Auth's answer as sent.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { DEMO } from '@lwa-kit/emulator'
import { betterAuth } from 'better-auth'
import { memoryAdapter } from 'better-auth/adapters/memory'
import { toNodeHandler } from 'better-auth/node'
import { genericOAuth } from 'better-auth/plugins/generic-oauth'
import { runBearerContract } from '../../../tools/testing/adapter-contract.mjs'
import { listen } from '../../../tools/testing/http.mjs'
import { amazon, loginWithAmazon } from '../src/index.js'
import { SECRET } from './helpers.js'

/** Every value of every header, as the browser sent them (Node keeps only the first Authorization in req.headers). */
function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [name, values] of Object.entries(req.headersDistinct))
    for (const value of values ?? []) headers.append(name, value)
  return headers
}

runBearerContract({
  name: 'loginWithAmazon GET /amazon/token-info',
  start: (env) =>
    listen((url) => {
      const provider = amazon({
        clientId: env.clientId,
        clientSecret: DEMO.webClientSecret,
        endpoints: env.endpoints,
        timeoutMs: env.timeoutMs,
      })
      const auth = betterAuth({
        baseURL: url,
        secret: SECRET,
        database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
        telemetry: { enabled: false },
        logger: { disabled: true },
        plugins: [genericOAuth({ config: [provider] }), loginWithAmazon({ provider })],
      })
      const handler = toNodeHandler(auth)
      const me = async (req: IncomingMessage, res: ServerResponse) => {
        const answer = await auth.handler(
          new Request(`${url}/api/auth/amazon/token-info`, { headers: headersOf(req) }),
        )
        const body = await answer.text()
        if (res.headersSent) return // the app answered first
        if (answer.status !== 200) {
          const headers = Object.fromEntries(answer.headers)
          delete headers['transfer-encoding']
          headers['content-length'] = String(Buffer.byteLength(body))
          res.writeHead(answer.status, headers).end(body)
          return
        }
        const { amazonUserId } = JSON.parse(body) as { amazonUserId: string }
        const json = JSON.stringify({ userId: amazonUserId })
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': json.length })
        res.end(json)
      }
      const safe = (req: IncomingMessage, res: ServerResponse) =>
        void me(req, res).catch(() => res.headersSent || res.writeHead(500).end())
      return (req: IncomingMessage, res: ServerResponse) => {
        if (req.url === '/api/me') return safe(req, res)
        if (req.url === '/slow/api/me')
          return env.answerFirst.middleware(req, res, () => safe(req, res))
        return handler(req, res)
      }
    }),
})
