// The adapter contract's sign-in cases (tools/testing/sign-in-contract.mjs) through
// AmazonStrategy (its default state store: the sealed cookie without a session) on Express 5.
// Passport writes a failure's body itself, so statuses are compared.
import express, { type Request, type Response } from 'express'
import passport from 'passport'
import { runSignInContract } from '../../../tools/testing/sign-in-contract.mjs'
import { AmazonStrategy } from '../src/index.js'
import { listen } from './support.js'

runSignInContract({
  name: 'AmazonStrategy (Passport) on Express 5',
  login: '/auth/amazon/login',
  callback: '/auth/amazon/callback',
  bodyCode: false,
  start: (env) =>
    listen((url) => {
      env.allowReturnUrl(`${url}${env.callbackPath}`)
      const auth = new passport.Passport()
      auth.use(
        new AmazonStrategy(
          {
            clientID: env.clientId,
            clientSecret: env.clientSecret,
            callbackURL: env.callbackPath,
            endpoints: env.endpoints,
            stateSecret: env.secret,
            timeoutMs: env.timeoutMs,
          },
          (_at, _rt, profile, done) => done(null, { id: profile.id }),
        ),
      )
      const app = express()
      app.use(auth.initialize())
      app.get('/auth/amazon/login', (req, res, next) =>
        auth.authenticate('amazon', {
          session: false,
          state: { returnTo: req.query.returnTo },
        } as never)(req, res, next),
      )
      app.get(
        '/auth/amazon/callback',
        auth.authenticate('amazon', { session: false }),
        (req: Request, res: Response) => {
          const info = (req as unknown as { authInfo?: { state?: { returnTo?: string } } }).authInfo
          res.redirect(303, info?.state?.returnTo ?? '/')
        },
      )
      return app
    }),
})
