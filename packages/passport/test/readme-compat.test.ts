// biome-ignore-all lint/complexity/useArrowFunction: passport-amazon's README code, as written
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: passport-amazon's README code, as written
// passport-amazon's README usage, verbatim but for the import: `AmazonStrategy` comes from
// ./fixtures/amazon-at-emulator.ts, which is @lwa-kit/passport's AmazonStrategy pointed at the
// emulator (the test's stand-in for amazon.com). Sessions as in passport-amazon's login example.
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import express from 'express'
import passport from 'passport'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AmazonStrategy, useEmulator } from './fixtures/amazon-at-emulator.js'
import { approveAt, CookieJar, listen, memorySession } from './support.js'

let emulator: Emulator
let running: Awaited<ReturnType<typeof listen>>
const users = new Map<string, { amazonId: string }>()
const User = {
  findOrCreate(
    query: { amazonId: string },
    cb: (err: unknown, user?: { amazonId: string }) => void,
  ) {
    const user = users.get(query.amazonId) ?? { ...query }
    users.set(query.amazonId, user)
    cb(null, user)
  },
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  useEmulator(emulator)
  const server = express()
  server.use(memorySession())
  server.use(passport.initialize())
  server.use(passport.session())
  passport.serializeUser((user, done) => done(null, (user as { amazonId: string }).amazonId))
  passport.deserializeUser((id: string, done) => done(null, users.get(id) ?? false))
  running = await listen(() => server)
  emulator.allowReturnUrl(`${running.url}/auth/amazon/callback`)
  const AMAZON_CLIENT_ID = DEMO.webClientId
  const AMAZON_CLIENT_SECRET = DEMO.webClientSecret
  const app = server

  // ---- passport-amazon README, "Configure Strategy" (callback URL on this test's port) ----
  passport.use(
    new AmazonStrategy(
      {
        clientID: AMAZON_CLIENT_ID,
        clientSecret: AMAZON_CLIENT_SECRET,
        callbackURL: `${running.url}/auth/amazon/callback`,
      },
      function (accessToken, refreshToken, profile, done) {
        User.findOrCreate({ amazonId: profile.id }, function (err, user) {
          return done(err, user)
        })
      },
    ),
  )

  // ---- passport-amazon README, "Authenticate Requests" ----
  app.get('/auth/amazon', passport.authenticate('amazon'))

  app.get(
    '/auth/amazon/callback',
    passport.authenticate('amazon', { failureRedirect: '/login' }),
    function (req, res) {
      // Successful authentication, redirect home.
      res.redirect('/')
    },
  )
  // ---- end of README code ----

  app.get('/', (req, res) => res.json({ user: req.user ?? null }))
})

afterAll(async () => {
  passport.unuse('amazon')
  await running?.close()
  await emulator?.close()
})

describe("passport-amazon's README usage", () => {
  it('signs in and keeps the user in the session (state and PKCE in the session)', async () => {
    const jar = new CookieJar()
    const start = await jar.fetch(`${running.url}/auth/amazon`)
    expect(start.status).toBe(302)
    const authorize = new URL(start.headers.get('location')!)
    expect(authorize.searchParams.get('scope')).toBe('profile')
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    expect(jar.cookies.has('lwa_state')).toBe(false) // the session holds it
    const callback = await jar.fetch(approveAt(emulator, authorize.toString()))
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/')
    const home = await jar.fetch(`${running.url}/`)
    expect(await home.json()).toEqual({ user: { amazonId: DEMO.users.alice.userId } })
  })

  it('redirects to /login when the user cancels', async () => {
    const jar = new CookieJar()
    const start = await jar.fetch(`${running.url}/auth/amazon`)
    const callback = await jar.fetch(approveAt(emulator, start.headers.get('location')!, 'deny'))
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/login')
    expect(await (await jar.fetch(`${running.url}/`)).json()).toEqual({ user: null })
  })

  it('refuses a callback whose state is not the session one', async () => {
    const jar = new CookieJar()
    const start = await jar.fetch(`${running.url}/auth/amazon`)
    const callback = new URL(approveAt(emulator, start.headers.get('location')!))
    callback.searchParams.set('state', 'not-the-state-that-was-sent-out')
    const res = await jar.fetch(callback.toString())
    expect(res.headers.get('location')).toBe('/login')
  })
})
