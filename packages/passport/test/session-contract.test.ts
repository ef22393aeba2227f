// The adapter contract's session cases (tools/testing/session-contract.mjs) through AmazonStrategy
// on an express-session, with amazonSignOut as the sign-out route, on Express 5.
import express, { type Request, type Response } from 'express'
import session from 'express-session'
import passport from 'passport'
import { runSessionContract } from '../../../tools/testing/session-contract.mjs'
import { AmazonStrategy, amazonSignOut } from '../src/index.js'
import { listen } from './support.js'

runSessionContract({
  name: 'AmazonStrategy + amazonSignOut (Passport, express-session) on Express 5',
  login: '/auth/amazon/login',
  callback: '/auth/amazon/callback',
  logout: '/auth/amazon/logout',
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
          },
          (_at, _rt, profile, done) => done(null, { id: profile.id }),
        ),
      )
      auth.serializeUser((user, done) => done(null, user))
      auth.deserializeUser((user: Express.User, done) => done(null, user))
      const app = express()
      app.use(session({ secret: env.secret, resave: false, saveUninitialized: false }))
      app.use(auth.initialize())
      app.use(auth.session())
      app.get('/auth/amazon/login', auth.authenticate('amazon'))
      app.get('/auth/amazon/callback', auth.authenticate('amazon'), (_req, res: Response) => {
        res.redirect(303, '/')
      })
      app.all('/auth/amazon/logout', amazonSignOut())
      app.get('/me', (req: Request, res: Response) => {
        res.json({ user: (req.user as { id?: string } | undefined)?.id ?? null })
      })
      return app
    }),
})
