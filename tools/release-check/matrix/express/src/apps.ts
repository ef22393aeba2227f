// Two Express apps as the READMEs write them: @lwa-kit/express's lwaAuth routes, and Passport with
// @lwa-kit/passport's AmazonStrategy (passport-amazon's options and verify callback).
import type { AddressInfo } from 'node:net'
import type { LwaEndpoints } from '@lwa-kit/core'
import { lwaAuth, requireLwaToken } from '@lwa-kit/express'
import { AmazonStrategy } from '@lwa-kit/passport'
import express from 'express'
import passport from 'passport'

export interface Settings {
  clientId: string
  clientSecret: string
  endpoints: LwaEndpoints
}

export interface Started {
  url: string
  close(): Promise<void>
}

function listen(app: express.Express, port = 0): Promise<Started> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1')
    server.once('error', reject)
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      })
    })
  })
}

/** lwaAuth's routes and requireLwaToken; `redirectUri` must be known, so the port comes first. */
export async function startLwaAuthApp(settings: Settings, port: number): Promise<Started> {
  const app = express()
  app.use(
    lwaAuth({
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      endpoints: settings.endpoints,
      redirectUri: `http://127.0.0.1:${port}/auth/amazon/callback`,
      secret: 'a-cookie-secret-of-at-least-32-characters',
      scope: ['profile'],
    }),
  )
  app.get('/', (req, res) => {
    const user = req.lwa?.user
    res.json({ userId: user?.id ?? null })
  })
  app.get(
    '/api/me',
    requireLwaToken({ clientId: settings.clientId, endpoints: settings.endpoints }),
    (req, res) => {
      res.json({ userId: req.lwaToken?.info.userId })
    },
  )
  return listen(app, port)
}

/** Passport with AmazonStrategy, no session (the state travels in a sealed cookie). */
export async function startPassportApp(settings: Settings): Promise<Started> {
  const app = express()
  passport.use(
    new AmazonStrategy(
      {
        clientID: settings.clientId,
        clientSecret: settings.clientSecret,
        endpoints: settings.endpoints,
        callbackURL: '/auth/amazon/callback',
        scope: ['profile'],
      },
      (_accessToken, _refreshToken, profile, done) => {
        done(null, { id: profile.id, name: profile.displayName })
      },
    ),
  )
  app.use(passport.initialize())
  app.get('/auth/amazon', passport.authenticate('amazon', { session: false }))
  app.get(
    '/auth/amazon/callback',
    passport.authenticate('amazon', { session: false, failureRedirect: '/login' }),
    (req, res) => {
      const user = req.user as { id: string } | undefined
      res.redirect(`/?user=${encodeURIComponent(user?.id ?? '')}`)
    },
  )
  return listen(app)
}
