// The adapter contract's bearer cases (tools/testing/adapter-contract.mjs) through
// AmazonTokenStrategy on Express 5. Passport writes the refusal's body itself, so status and
// challenge are compared (and the body must hold no token or stack).
import express, { type Request, type Response } from 'express'
import passport from 'passport'
import { runBearerContract } from '../../../tools/testing/adapter-contract.mjs'
import { AmazonTokenStrategy } from '../src/index.js'
import { listen } from './support.js'

runBearerContract({
  name: 'AmazonTokenStrategy (Passport) on Express 5',
  bodyCode: false,
  start: (env) =>
    listen(() => {
      const auth = new passport.Passport()
      auth.use(
        new AmazonTokenStrategy({
          clientID: env.clientId,
          endpoints: env.endpoints,
          timeoutMs: env.timeoutMs,
        }),
      )
      const app = express()
      app.use(auth.initialize())
      const bearer = auth.authenticate('amazon-token', { session: false })
      const me = (req: Request, res: Response) => {
        res.json({ userId: (req.user as { id: string }).id })
      }
      app.get('/api/me', bearer, me)
      app.get('/slow/api/me', env.answerFirst.middleware, bearer, me)
      return app
    }),
})
