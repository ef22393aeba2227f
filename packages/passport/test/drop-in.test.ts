// AmazonStrategy as a drop-in for passport-amazon, where passport-oauth2's behaviour is the model:
// the callback URL given per call, `_raw` as received, LWA's words on a Cancel, and `state: false`
// refused. Each runs inside a real Express server against the emulator on 127.0.0.1.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { InvalidArgumentError, LwaErrorCode } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import express from 'express'
import passport from 'passport'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AmazonPassportProfile,
  AmazonStrategy,
  type AmazonVerifyCallback,
} from '../src/index.js'
import { approveAt, CookieJar, listen, memorySession } from './support.js'

let emulator: Emulator
let profileProxy: Server
let profileProxyUrl: string
/** Every profile body the proxy handed to the strategy, exactly as sent. */
const profileBodies: string[] = []
const profiles: AmazonPassportProfile[] = []

const verify = (
  _accessToken: string,
  _refreshToken: string | undefined,
  profile: AmazonPassportProfile,
  done: AmazonVerifyCallback,
) => {
  profiles.push(profile)
  done(null, { id: profile.id })
}

/**
 * A real HTTP hop in front of the emulator's `/user/profile` that passes its answer on with a
 * layout and a field of its own (pretty-printed, an extra `customer_since`), as a real LWA answer
 * may differ from what lwa-kit would write: `_raw` must be that text, not a rewrite of it.
 */
async function startProfileProxy(): Promise<void> {
  profileProxy = createServer((req, res) => {
    fetch(emulator.endpoints.profileEndpoint, {
      headers: { authorization: req.headers.authorization ?? '' },
    })
      .then(async (upstream) => {
        const json = (await upstream.json()) as Record<string, unknown>
        const text = upstream.ok
          ? JSON.stringify({ ...json, customer_since: '2009-04-01' }, null, 2)
          : JSON.stringify(json)
        if (upstream.ok) profileBodies.push(text)
        res.writeHead(upstream.status, { 'content-type': 'application/json;charset=UTF-8' })
        res.end(text)
      })
      .catch(() => {
        res.writeHead(502)
        res.end()
      })
  })
  await new Promise<void>((resolve) => profileProxy.listen(0, '127.0.0.1', resolve))
  profileProxyUrl = `http://127.0.0.1:${(profileProxy.address() as AddressInfo).port}/user/profile`
}

/** An Express app whose one `amazon` strategy has `options` (no callbackURL unless given). */
async function startApp(options: { callbackURL?: string; proxy?: boolean }) {
  const auth = new passport.Passport()
  auth.use(
    new AmazonStrategy(
      {
        clientID: DEMO.webClientId,
        clientSecret: DEMO.webClientSecret,
        endpoints: { ...emulator.endpoints, profileEndpoint: profileProxyUrl },
        ...options,
      },
      verify,
    ),
  )
  const server = express()
  server.use(memorySession())
  server.use(auth.initialize())
  const perCall = { session: false, callbackURL: '/per-call/callback' } as never
  server.get('/per-call/login', auth.authenticate('amazon', perCall))
  server.get('/per-call/callback', auth.authenticate('amazon', perCall), (req, res) =>
    res.json({ user: req.user }),
  )
  // A callback route whose URL differs from the one the sign-in was sent with.
  server.get(
    '/per-call/other-callback',
    auth.authenticate('amazon', { session: false, callbackURL: '/per-call/elsewhere' } as never),
    (req, res) => res.json({ user: req.user }),
  )
  // The strategy's own callback URL, if any.
  server.get('/plain/login', auth.authenticate('amazon', { session: false }))
  // passport's custom callback: `info` as the strategy failed with it.
  server.get('/custom/callback', (req, res, next) =>
    auth.authenticate(
      'amazon',
      { session: false, callbackURL: '/per-call/callback' } as never,
      ((err: unknown, user: unknown, info: unknown) => {
        if (err) return next(err)
        res.json({ user, info })
      }) as never,
    )(req, res, next),
  )
  // The flash: `failureMessage: true` keeps info.message in `req.session.messages`.
  server.get(
    '/flash/callback',
    auth.authenticate('amazon', {
      session: false,
      callbackURL: '/per-call/callback',
      failureMessage: true,
      failureRedirect: '/flash/messages',
    } as never),
    (_req, res) => res.send('signed in'),
  )
  server.get('/flash/messages', (req, res) =>
    res.json((req as unknown as { session: { messages?: string[] } }).session.messages ?? []),
  )
  server.use(
    (err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).json({ code: (err as { code?: string }).code, message: err.message })
    },
  )
  const running = await listen(() => server)
  emulator.allowReturnUrl(`${running.url}/per-call/callback`)
  emulator.allowReturnUrl(`${running.url}/per-call/elsewhere`)
  return running
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  await startProfileProxy()
})

afterAll(async () => {
  await new Promise((resolve) => profileProxy?.close(resolve))
  await emulator?.close()
})

type App = Awaited<ReturnType<typeof listen>>

/** Runs `app` for the tests of one describe block. */
function useApp(options: { callbackURL?: string; proxy?: boolean }): { readonly current: App } {
  const holder = {} as { current: App }
  beforeAll(async () => {
    holder.current = await startApp(options)
  })
  afterAll(async () => {
    await holder.current?.close()
  })
  return holder
}

async function startAt(app: App, jar: CookieJar, path: string): Promise<URL> {
  const res = await jar.fetch(`${app.url}${path}`)
  expect(res.status).toBe(302)
  return new URL(res.headers.get('location')!)
}

/** The emulator's callback URL, sent to another path of the app (same query). */
function callbackOn(path: string, location: string): string {
  const url = new URL(location)
  url.pathname = path
  return url.toString()
}

describe('callbackURL given with passport.authenticate, not to the constructor', () => {
  const app = useApp({})

  it('sends it to Amazon and exchanges the code with the same URL', async () => {
    const jar = new CookieJar()
    const authorize = await startAt(app.current, jar, '/per-call/login')
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.current.url}/per-call/callback`)
    emulator.clearRequests()
    const res = await jar.fetch(approveAt(emulator, authorize.toString()))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ user: { id: DEMO.users.alice.userId } })
    // The emulator refuses a code exchanged with any other redirect_uri (invalid_grant).
    expect(emulator.requests().filter((r) => r.endpoint === 'token')).toHaveLength(1)
  })

  it("exchanges with the callback route's own URL: another one is LWA's invalid_grant", async () => {
    const jar = new CookieJar()
    const authorize = await startAt(app.current, jar, '/per-call/login')
    const callback = callbackOn(
      '/per-call/other-callback',
      approveAt(emulator, authorize.toString()),
    )
    const res = await jar.fetch(callback)
    // LWA refused the code: a failed sign-in, 400 as core's table says (LWA_INVALID_GRANT).
    expect(res.status).toBe(400)
    const exchanges = emulator.requests().filter((r) => r.endpoint === 'token')
    expect(exchanges.at(-1)?.status).toBe(400)
  })

  it('answers a typed error when no callback URL is given anywhere', async () => {
    const res = await new CookieJar().fetch(`${app.current.url}/plain/login`)
    expect(res.status).toBe(500)
    const body = (await res.json()) as { code: string; message: string }
    expect(body.code).toBe(LwaErrorCode.InvalidArgument)
    expect(body.message).toContain('callbackURL')
  })
})

describe("proxy: true, passport-oauth2's trust in X-Forwarded-Proto and X-Forwarded-Host", () => {
  const behind = useApp({ callbackURL: '/per-call/callback', proxy: true })
  const direct = useApp({ callbackURL: '/per-call/callback' })
  /** The redirect_uri the sign-in sends to Amazon, for a start with `headers`. */
  async function redirectUriOf(app: App, headers: Record<string, string>): Promise<string | null> {
    const res = await fetch(`${app.url}/plain/login`, { headers, redirect: 'manual' })
    expect(res.status).toBe(302)
    return new URL(res.headers.get('location') ?? '').searchParams.get('redirect_uri')
  }

  it('resolves a relative callbackURL on the scheme and host the browser used', async () => {
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.example' }
    expect(await redirectUriOf(behind.current, headers)).toBe(
      'https://app.example/per-call/callback',
    )
  })

  it('takes the first value of each when a chain of proxies appended theirs', async () => {
    const headers = {
      'x-forwarded-proto': 'https, http',
      'x-forwarded-host': 'app.example, 10.0.0.5:8080',
    }
    expect(await redirectUriOf(behind.current, headers)).toBe(
      'https://app.example/per-call/callback',
    )
  })

  it('ignores them without proxy: true', async () => {
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.example' }
    expect(await redirectUriOf(direct.current, headers)).toBe(
      `${direct.current.url}/per-call/callback`,
    )
  })
})

describe('profile._raw and profile._json', () => {
  const app = useApp({ callbackURL: '/per-call/callback' })

  it('_raw is the profile body exactly as received, _json its parsed object', async () => {
    profiles.length = 0
    profileBodies.length = 0
    const jar = new CookieJar()
    const authorize = await startAt(app.current, jar, '/per-call/login')
    expect((await jar.fetch(approveAt(emulator, authorize.toString()))).status).toBe(200)
    const [profile] = profiles
    expect(profileBodies).toHaveLength(1)
    expect(profile?._raw).toBe(profileBodies[0])
    expect(profile?._json).toEqual(JSON.parse(profileBodies[0]!))
    expect(profile?._json.customer_since).toBe('2009-04-01')
    expect(profile).toMatchObject({
      id: DEMO.users.alice.userId,
      displayName: DEMO.users.alice.name,
      emails: [{ value: DEMO.users.alice.email }],
    })
  })
})

describe("a Cancel fails with LWA's error_description", () => {
  const app = useApp({ callbackURL: '/per-call/callback' })

  it('is info.message of a custom callback', async () => {
    const jar = new CookieJar()
    const authorize = await startAt(app.current, jar, '/per-call/login')
    const denied = approveAt(emulator, authorize.toString(), 'deny')
    expect(new URL(denied).searchParams.get('error_description')).toBe('Access not permitted.')
    const res = await jar.fetch(callbackOn('/custom/callback', denied))
    expect(res.status).toBe(200)
    const body = (await res.json()) as { user: unknown; info: { message: string; code: string } }
    expect(body.user).toBe(false)
    expect(body.info).toEqual({ message: 'Access not permitted.', code: LwaErrorCode.AccessDenied })
  })

  it('is the flash message with failureMessage: true', async () => {
    const jar = new CookieJar()
    const authorize = await startAt(app.current, jar, '/per-call/login')
    const denied = approveAt(emulator, authorize.toString(), 'deny')
    const res = await jar.fetch(callbackOn('/flash/callback', denied))
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/flash/messages')
    const messages = await (await jar.fetch(`${app.current.url}/flash/messages`)).json()
    expect(messages).toEqual(['Access not permitted.'])
  })

  it("is lwa-kit's own message when LWA gives no description", async () => {
    const jar = new CookieJar()
    const authorize = await startAt(app.current, jar, '/per-call/login')
    const state = authorize.searchParams.get('state')!
    const res = await jar.fetch(
      `${app.current.url}/custom/callback?error=access_denied&state=${encodeURIComponent(state)}`,
    )
    const body = (await res.json()) as { info: { message: string; code: string } }
    expect(body.info.code).toBe(LwaErrorCode.AccessDenied)
    expect(body.info.message).toBe('The user did not grant access (access_denied).')
  })
})

describe('state: false', () => {
  it('is refused at construction with InvalidArgumentError (PKCE needs a place for its verifier)', () => {
    let caught: unknown
    try {
      new AmazonStrategy(
        {
          clientID: DEMO.webClientId,
          clientSecret: DEMO.webClientSecret,
          callbackURL: '/cb',
          endpoints: emulator.endpoints,
          state: false as never,
        },
        verify,
      )
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError)
    expect((caught as InvalidArgumentError).code).toBe(LwaErrorCode.InvalidArgument)
    expect((caught as Error).message).toMatch(/state: false is not supported.*PKCE/)
  })
})

describe("pkce other than true, false or 'S256'", () => {
  it("is refused at construction by core's transaction with InvalidArgumentError", () => {
    const build = (pkce: unknown) =>
      new AmazonStrategy(
        {
          clientID: DEMO.webClientId,
          clientSecret: DEMO.webClientSecret,
          callbackURL: '/cb',
          endpoints: emulator.endpoints,
          pkce: pkce as never,
        },
        verify,
      )
    for (const pkce of ['plain', 1]) expect(() => build(pkce)).toThrow(InvalidArgumentError)
    expect(() => build('plain')).toThrow(/pkce must be true, false or "S256"/)
    for (const pkce of [true, false, 'S256', undefined]) expect(() => build(pkce)).not.toThrow()
  })
})

describe('a malformed scope', () => {
  it('is refused at construction with InvalidArgumentError, not at the first sign-in', () => {
    for (const scope of ['', 'profile "quoted"']) {
      let caught: unknown
      try {
        new AmazonStrategy(
          {
            clientID: DEMO.webClientId,
            clientSecret: DEMO.webClientSecret,
            callbackURL: '/cb',
            endpoints: emulator.endpoints,
            scope,
          },
          verify,
        )
      } catch (err) {
        caught = err
      }
      expect(caught, JSON.stringify(scope)).toBeInstanceOf(InvalidArgumentError)
    }
  })
})
