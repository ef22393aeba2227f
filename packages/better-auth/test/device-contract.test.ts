// The adapter contract's device-linking cases (tools/testing/device-contract.mjs) through the
// plugin's /amazon/device routes in a real Better Auth. The glue below is what a framework does
// (Node request → Request, Response → Node, nothing written once the app answered first) plus
// GET /me: the Amazon user id of the Better Auth session's account.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { betterAuth } from 'better-auth'
import { memoryAdapter } from 'better-auth/adapters/memory'
import { genericOAuth } from 'better-auth/plugins/generic-oauth'
import { runDeviceContract } from '../../../tools/testing/device-contract.mjs'
import { listen } from '../../../tools/testing/http.mjs'
import { amazon, loginWithAmazon } from '../src/index.js'

/** The request body as text (the device routes take JSON or nothing). */
async function bodyOf(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined
}

runDeviceContract({
  name: 'loginWithAmazon /amazon/device (Better Auth)',
  startPath: '/api/auth/amazon/device/start',
  statusPath: '/api/auth/amazon/device/status',
  start: (env) =>
    listen((url) => {
      const provider = amazon({
        clientId: env.clientId,
        clientSecret: env.clientSecret,
        endpoints: env.endpoints,
      })
      const auth = betterAuth({
        baseURL: url,
        secret: env.secret,
        database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
        telemetry: { enabled: false },
        logger: { disabled: true },
        plugins: [
          genericOAuth({ config: [provider] }),
          loginWithAmazon({ provider, ...(env.device ? { device: {} } : {}) }),
        ],
      })
      const headersOf = (req: IncomingMessage) => {
        const headers = new Headers()
        for (const [name, values] of Object.entries(req.headersDistinct))
          for (const value of values ?? []) headers.append(name, value)
        return headers
      }
      const me = async (req: IncomingMessage) => {
        const session = await auth.api.getSession({ headers: headersOf(req) })
        if (!session) return new Response(JSON.stringify({ user: null }))
        const ctx = await auth.$context
        const accounts = await ctx.internalAdapter.findAccounts(session.user.id)
        return new Response(JSON.stringify({ user: accounts[0]?.accountId ?? null }))
      }
      const route = async (req: IncomingMessage, res: ServerResponse) => {
        const body = await bodyOf(req)
        const answer =
          req.url === '/me'
            ? await me(req)
            : await auth.handler(
                new Request(`${url}${req.url}`, {
                  method: req.method ?? 'GET',
                  headers: headersOf(req),
                  ...(body ? { body } : {}),
                }),
              )
        const text = Buffer.from(await answer.arrayBuffer())
        if (res.headersSent) return // the app answered first
        res.statusCode = answer.status
        answer.headers.forEach((value, name) => {
          if (name !== 'set-cookie' && name !== 'content-length') res.setHeader(name, value)
        })
        const cookies = answer.headers.getSetCookie()
        if (cookies.length > 0) res.setHeader('set-cookie', cookies)
        res.end(text)
      }
      const safe = (req: IncomingMessage, res: ServerResponse) =>
        void route(req, res).catch(() => res.headersSent || res.writeHead(500).end())
      return (req: IncomingMessage, res: ServerResponse) =>
        env.answerFirst
          ? env.answerFirst.middleware(req, res, () => safe(req, res))
          : safe(req, res)
    }),
})
