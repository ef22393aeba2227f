// The adapter contract's bearer cases (tools/testing/adapter-contract.mjs) through requireLwaToken
// on Express 5 and Express 4.
import express5, { type Request, type Response } from 'express'
import express4 from 'express4'
import { runBearerContract } from '../../../tools/testing/adapter-contract.mjs'
import { requireLwaToken } from '../src/index.js'
import { listen } from './support.js'

for (const [label, express] of [
  ['Express 5', express5],
  ['Express 4', express4],
] as const) {
  runBearerContract({
    name: `requireLwaToken on ${label}`,
    start: (env) =>
      listen(() => {
        const app = express()
        const bearer = requireLwaToken({
          clientId: env.clientId,
          endpoints: env.endpoints,
          timeoutMs: env.timeoutMs,
        })
        const me = (req: Request, res: Response) => {
          res.json({ userId: req.lwaToken!.info.userId })
        }
        app.get('/api/me', bearer, me)
        app.get('/slow/api/me', env.answerFirst.middleware, bearer, me)
        return app
      }),
  })
}
