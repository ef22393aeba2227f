// The adapter contract's sign-in cases (tools/testing/sign-in-contract.mjs) through
// AmazonStrategy (its default state store: the sealed cookie without a session) on Express 5.
// Passport writes a failure's body itself, so statuses are compared.
import express, { type NextFunction, type Request, type Response } from 'express'
import passport from 'passport'
import { expect } from 'vitest'
import { runSignInContract } from '../../../tools/testing/sign-in-contract.mjs'
import { AmazonStrategy } from '../src/index.js'
import { listen, memorySession } from './support.js'

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

// The same cases with failures answered by a custom callback with `info.code`, so the codes are
// compared too, not only the statuses: with the sign-in in the sealed cookie, and in the session
// (memorySession stands in for express-session), which must answer exactly what the cookie does.
const SESSION_KEY = 'oauth2:127.0.0.1'
for (const withSession of [false, true])
  runSignInContract({
    name: `AmazonStrategy (Passport) on Express 5, info.code compared, the sign-in in ${withSession ? 'the session' : 'the sealed cookie'}`,
    login: '/auth/amazon/login',
    callback: '/auth/amazon/callback',
    start: async (env) => {
      const sessions = new Map<string, Record<string, unknown>>()
      const running = await listen((url) => {
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
              sessionKey: SESSION_KEY,
            },
            (_at, _rt, profile, done) => done(null, { id: profile.id }),
          ),
        )
        const app = express()
        if (withSession) app.use(memorySession())
        app.use((req, res, next) => {
          const line = String(res.getHeader('set-cookie') ?? req.headers.cookie ?? '')
          const sid = /(?:^|;\s*)sid=([^;]+)/.exec(line)?.[1]
          const { session } = req as unknown as { session?: Record<string, unknown> }
          if (sid && session) sessions.set(sid, session)
          next()
        })
        app.use(auth.initialize())
        const answer =
          (res: Response, next: NextFunction) =>
          (
            err: unknown,
            user: unknown,
            info: { code?: string; state?: { returnTo?: string } },
            status?: number,
          ) => {
            if (err) return next(err)
            if (user) return res.redirect(303, info?.state?.returnTo ?? '/')
            res.status(status ?? 401).json({ error: info?.code })
          }
        app.get('/auth/amazon/login', (req, res, next) =>
          auth.authenticate(
            'amazon',
            { session: false, state: { returnTo: req.query.returnTo } } as never,
            answer(res, next) as never,
          )(req, res, next),
        )
        app.get('/auth/amazon/callback', (req, res, next) =>
          auth.authenticate('amazon', { session: false }, answer(res, next) as never)(
            req,
            res,
            next,
          ),
        )
        return app
      })
      if (!withSession) return running
      return {
        ...running,
        /** The session's sign-in, begun 11 minutes ago (core's session store keeps when it expires). */
        expireSignIn(jar: { cookies: Map<string, string> }) {
          const session = sessions.get(jar.cookies.get('sid') ?? '')
          const pending = (session?.[SESSION_KEY] as { state?: { expiresAt: number } } | undefined)
            ?.state
          expect(pending?.expiresAt).toBeGreaterThan(Date.now())
          if (pending) pending.expiresAt = Date.now() - 60_000
        },
      }
    },
  })
