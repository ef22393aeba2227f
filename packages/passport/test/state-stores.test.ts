// Where AmazonStrategy keeps a sign-in, each checked by core's transaction the same way: the
// session (the default when there is one), and an app's own passport-oauth2 state store (the PKCE
// session store and the plain session store of passport-oauth2 itself, as published). Each runs
// in a real Express server against the emulator on 127.0.0.1.
import { createUsedNonceCache } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import express from 'express'
import passport from 'passport'
import PKCESessionStore from 'passport-oauth2/lib/state/pkcesession.js'
import SessionStore from 'passport-oauth2/lib/state/session.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AmazonStateStore, AmazonStrategy, type AmazonStrategyOptions } from '../src/index.js'
import { approveAt, CookieJar, listen, memorySession } from './support.js'

let emulator: Emulator
type App = Awaited<ReturnType<typeof listen>>
const sessions: Record<string, unknown>[] = []

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
})
afterAll(async () => {
  await emulator?.close()
})

/** An app whose strategy has `options`; `/callback` answers `{ user, info }` as Passport gave them. */
function useApp(
  options: Partial<AmazonStrategyOptions>,
  withSession = true,
): { readonly current: App } {
  const holder = {} as { current: App }
  beforeAll(async () => {
    const auth = new passport.Passport()
    auth.use(
      new AmazonStrategy(
        {
          clientID: DEMO.webClientId,
          clientSecret: DEMO.webClientSecret,
          callbackURL: '/callback',
          endpoints: emulator.endpoints,
          ...options,
        } as AmazonStrategyOptions & { passReqToCallback?: false },
        (_at, _rt, profile, done) => done(null, { id: profile.id }),
      ),
    )
    const app = express()
    if (withSession) app.use(memorySession())
    app.use((req, _res, next) => {
      const { session } = req as unknown as { session?: Record<string, unknown> }
      if (session) sessions.push(session)
      next()
    })
    app.use(auth.initialize())
    app.get('/login', (req, res, next) =>
      auth.authenticate('amazon', {
        session: false,
        state: { returnTo: req.query.returnTo, tab: 2 },
      } as never)(req, res, next),
    )
    app.get('/callback', (req, res, next) =>
      auth.authenticate('amazon', { session: false }, ((
        err: unknown,
        user: unknown,
        info: unknown,
        status: unknown,
      ) => {
        if (err) return next(err)
        res.status(user ? 200 : Number(status ?? 401)).json({ user, info })
      }) as never)(req, res, next),
    )
    holder.current = await listen(() => app)
    emulator.allowReturnUrl(`${holder.current.url}/callback`)
  })
  afterAll(async () => {
    await holder.current?.close()
  })
  return holder
}

async function begin(app: App, jar = new CookieJar(), returnTo = '/library') {
  const res = await jar.get(`${app.url}/login?returnTo=${encodeURIComponent(returnTo)}`)
  expect(res.status).toBe(302)
  const authorize = new URL(res.headers.get('location') as string)
  return { jar, authorize, callback: approveAt(emulator, authorize.toString()) }
}

describe('the session (the default with express-session)', () => {
  const app = useApp({})

  it('keeps the whole app state, its returnTo checked (never off the site), and no cookie', async () => {
    const { jar, authorize, callback } = await begin(app.current, undefined, '//evil.example')
    const key = `oauth2:${new URL(emulator.url).hostname}`
    expect(Object.keys(sessions.at(-1) ?? {})).toContain(key)
    expect(jar.cookies.has('lwa_state')).toBe(false)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    const res = await jar.get(callback)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      user: { id: DEMO.users.alice.userId },
      info: { state: { returnTo: '/', tab: 2 } },
    })
    // The sign-in is used up: its session slot is gone.
    expect(Object.keys(sessions.at(-1) ?? {})).not.toContain(key)
  })

  it('refuses a replay (400 LWA_SEALED_STATE_INVALID) and a wrong state (400, the sign-in survives)', async () => {
    const { jar, callback } = await begin(app.current)
    const wrong = new URL(callback)
    wrong.searchParams.set('state', 'x'.repeat(43))
    const forged = await jar.get(wrong.toString())
    expect(forged.status).toBe(400)
    expect(((await forged.json()) as { info: { code: string } }).info.code).toBe(
      'LWA_STATE_MISMATCH',
    )
    // A cross-site login cannot replace the sign-in in progress either.
    const cross = await jar.get(`${app.current.url}/login`, { 'sec-fetch-site': 'cross-site' })
    expect(cross.status).toBe(403)
    expect((await jar.get(callback)).status).toBe(200)
    const replay = await jar.get(callback)
    expect(replay.status).toBe(400)
    expect(((await replay.json()) as { info: { code: string } }).info.code).toBe(
      'LWA_SEALED_STATE_INVALID',
    )
  })
})

describe("passport-oauth2's PKCE session store as the app's own", () => {
  const store = new PKCESessionStore({ key: 'oauth2:amazon' }) as unknown as AmazonStateStore
  const app = useApp({ store })

  it('sends its handle as the state, keeps the verifier (PKCE S256) and signs in', async () => {
    const { jar, authorize, callback } = await begin(app.current)
    const handle = authorize.searchParams.get('state') as string
    expect(handle).toHaveLength(24) // passport-oauth2's uid(24), not core's state
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    const res = await jar.get(callback) // the emulator refuses a code without its verifier
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ info: { state: { returnTo: '/library', tab: 2 } } })
  })

  it("a wrong state: 400 LWA_STATE_MISMATCH with the store's words, no code exchange", async () => {
    const { jar, callback } = await begin(app.current)
    const wrong = new URL(callback)
    wrong.searchParams.set('state', 'y'.repeat(24))
    emulator.clearRequests()
    const res = await jar.get(wrong.toString())
    expect(res.status).toBe(400)
    expect(((await res.json()) as { info: unknown }).info).toEqual({
      message: 'Invalid authorization request state.',
      code: 'LWA_STATE_MISMATCH',
    })
    expect(emulator.requests().filter((r) => r.endpoint === 'token')).toHaveLength(0)
  })
})

describe("passport-oauth2's plain session store (no verifier)", () => {
  const app = useApp({ state: new SessionStore({ key: 'oauth2:amazon' }) as never })

  it('sends no PKCE challenge (nowhere to keep the verifier) and still signs in', async () => {
    const { jar, authorize, callback } = await begin(app.current)
    expect(authorize.searchParams.has('code_challenge')).toBe(false)
    expect((await jar.get(callback)).status).toBe(200)
  })
})

describe('usedNonces shared by two instances (no session: the sealed state cookie)', () => {
  const usedNonces = createUsedNonceCache()
  const shared = { stateSecret: 'a-state-secret-shared-by-both-instances', usedNonces }
  const first = useApp(shared, false)
  const second = useApp(shared, false)

  it('refuses on one instance the state cookie another used: 400 LWA_SEALED_STATE_INVALID, no code exchange', async () => {
    const jar = new CookieJar()
    const { callback } = await beginWithoutSession(first.current, jar)
    expect((await jar.get(callback)).status).toBe(200)
    // The same cookie and callback, replayed against the other instance.
    const replay = new URL(callback)
    replay.host = new URL(second.current.url).host
    jar.cookies.set('lwa_state', savedCookie)
    emulator.clearRequests()
    const res = await jar.get(replay.toString())
    expect(res.status).toBe(400)
    expect(((await res.json()) as { info: { code: string } }).info.code).toBe(
      'LWA_SEALED_STATE_INVALID',
    )
    expect(emulator.requests().filter((r) => r.endpoint === 'token')).toHaveLength(0)
  })
})

let savedCookie = ''
/** A sign-in in a jar that keeps no session cookie, so the sealed state cookie holds it. */
async function beginWithoutSession(app: App, jar: CookieJar) {
  const res = await jar.get(`${app.url}/login`)
  expect(res.status).toBe(302)
  savedCookie = jar.cookies.get('lwa_state') ?? ''
  expect(savedCookie).not.toBe('')
  return { callback: approveAt(emulator, res.headers.get('location') as string) }
}
