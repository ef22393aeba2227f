// The adapter contract's session cases (tools/testing/session-contract.mjs) through lwaAuth on
// Express 5 and Express 4.
import express5 from 'express'
import express4 from 'express4'
import { runSessionContract } from '../../../tools/testing/session-contract.mjs'
import { lwaAuth } from '../src/index.js'
import { listen } from './support.js'

for (const [label, express] of [
  ['Express 5', express5],
  ['Express 4', express4],
] as const) {
  runSessionContract({
    name: `lwaAuth on ${label}`,
    login: '/auth/amazon/login',
    callback: '/auth/amazon/callback',
    logout: '/auth/amazon/logout',
    end: '/end',
    start: (env) =>
      listen((url) => {
        env.allowReturnUrl(`${url}${env.callbackPath}`)
        const app = express()
        app.use(
          lwaAuth({
            clientId: env.clientId,
            clientSecret: env.clientSecret,
            endpoints: env.endpoints,
            redirectUri: `${url}${env.callbackPath}`,
            secret: env.secret,
          }),
        )
        app.get('/me', (req, res) => {
          res.json({ user: req.lwa?.user?.id ?? null })
        })
        app.post('/end', async (req, res) => {
          await req.lwa?.end()
          res.status(204).end()
        })
        return app
      }),
  })
}
