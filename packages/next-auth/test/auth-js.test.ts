import { Auth, type AuthConfig, setEnvDefaults } from '@auth/core'
import { decode, encode } from '@auth/core/jwt'
import { InvalidArgumentError, LwaErrorCode } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  Amazon,
  AmazonSessionError,
  amazonCallbacks,
  getAmazonAccessToken,
} from '../src/auth-js.js'
import { CookieJar, recordingFetch } from './helpers.js'
import { mountAuthJs } from './servers.js'

const SECRET = 'auth-js-test-secret-0123456789abcdef0123'
const COOKIE = 'authjs.session-token'

let emulator: Emulator
let app: Awaited<ReturnType<typeof mountAuthJs>>
let config: AuthConfig
const recorder = recordingFetch()

const mount = mountAuthJs

/** The access token the server reads from a cookie header (what a server component gets). */
function serverToken(cookie: string): Promise<string | undefined> {
  return getAmazonAccessToken({ headers: new Headers({ cookie }) }, { secret: SECRET })
}

/** The access token in the session cookie a response sets. */
function tokenSetBy(response: Response): Promise<string | undefined> {
  const jar = new CookieJar()
  jar.take(response)
  return serverToken(jar.header())
}

async function send(jar: CookieJar, url: string, form?: Record<string, string>) {
  const response = await fetch(url, {
    method: form ? 'POST' : 'GET',
    headers: {
      cookie: jar.header(),
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    redirect: 'manual',
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  })
  jar.take(response)
  return response
}

async function signIn(
  jar: CookieJar,
  userId: string = DEMO.users.alice.userId,
  base: string = app.url,
) {
  const { csrfToken } = (await (await send(jar, `${base}/auth/csrf`)).json()) as {
    csrfToken: string
  }
  const start = await send(jar, `${base}/auth/signin/amazon`, {
    csrfToken,
    callbackUrl: `${base}/`,
  })
  expect(start.status).toBe(302)
  const authorize = new URL(start.headers.get('location')!)
  const { location } = emulator.authorize({
    ...Object.fromEntries(authorize.searchParams),
    user_id: userId,
  })
  const callback = await send(jar, location)
  return { authorize, callback }
}

beforeAll(async () => {
  emulator = await startEmulator()
  const amazon = Amazon({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
    scope: ['profile', 'music::library:read'],
    fetch: recorder.fetch,
  })
  config = {
    providers: [amazon],
    secret: SECRET,
    basePath: '/auth',
    trustHost: true,
    callbacks: amazonCallbacks({ provider: amazon }),
    logger: { error: () => {}, warn: () => {}, debug: () => {} },
  }
  app = await mount(config)
  emulator.allowReturnUrl(`${app.url}/auth/callback/amazon`)
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

describe('Amazon provider for Auth.js (@auth/core) against the emulator', () => {
  it('sends PKCE S256, state and the scopes to /ap/oa', async () => {
    const { authorize } = await signIn(new CookieJar())
    expect(authorize.origin + authorize.pathname).toBe(emulator.endpoints.authorizationEndpoint)
    expect(authorize.searchParams.get('client_id')).toBe(DEMO.webClientId)
    expect(authorize.searchParams.get('scope')).toBe('profile music::library:read')
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(authorize.searchParams.get('state')).toBeTruthy()
  })

  it('signs in through the standard endpoints: mapped user, token in the Authorization header', async () => {
    const jar = new CookieJar()
    recorder.calls.length = 0
    const { callback } = await signIn(jar)
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe(`${app.url}/`)
    const session = (await (await send(jar, `${app.url}/auth/session`)).json()) as {
      user: unknown
      accessToken?: string
    }
    expect(session.user).toEqual({
      name: DEMO.users.alice.name,
      email: DEMO.users.alice.email,
      image: null,
    })
    // Browser code reads /auth/session: no Amazon token there unless the app asks for it.
    expect(session.accessToken).toBeUndefined()
    expect(JSON.stringify(session)).not.toMatch(/Atz[ar]\|/)
    const tokenCall = recorder.calls.find((c) => c.url === emulator.endpoints.tokenEndpoint)
    expect(tokenCall?.method).toBe('POST')
    const profileCall = recorder.calls.find((c) =>
      c.url.startsWith(emulator.endpoints.profileEndpoint),
    )
    expect(profileCall).toBeDefined()
    expect(profileCall!.url).not.toContain('access_token')
    expect(profileCall!.headers.get('authorization')).toMatch(/^Bearer Atza\|/)
    const token = await decode({ token: jar.cookies.get(COOKIE)!, secret: SECRET, salt: COOKIE })
    expect(token?.amazon?.refreshToken).toMatch(/^Atzr\|/)
    // The server reads the access token from the encrypted cookie.
    expect(await serverToken(jar.header())).toBe(token?.amazon?.accessToken)
    expect(token?.amazon?.accessToken).toMatch(/^Atza\|/)
  })

  it('puts the access token on the session only with exposeAccessToken: true', async () => {
    const amazon = config.providers[0] as ReturnType<typeof Amazon>
    const exposing = await mount({
      ...config,
      callbacks: amazonCallbacks({ provider: amazon, exposeAccessToken: true }),
    })
    emulator.allowReturnUrl(`${exposing.url}/auth/callback/amazon`)
    try {
      const jar = new CookieJar()
      await signIn(jar, DEMO.users.alice.userId, exposing.url)
      const session = (await (await send(jar, `${exposing.url}/auth/session`)).json()) as {
        accessToken?: string
      }
      expect(session.accessToken).toMatch(/^Atza\|/)
      expect(session.accessToken).toBe(await serverToken(jar.header()))
    } finally {
      await exposing.close()
    }
  })

  it('getAmazonAccessToken with refresh: a request still carrying the expired cookie gets the fresh token, one refresh', async () => {
    const amazon = config.providers[0] as ReturnType<typeof Amazon>
    const jar = new CookieJar()
    await signIn(jar, DEMO.users.bob.userId)
    const current = await decode({ token: jar.cookies.get(COOKIE)!, secret: SECRET, salt: COOKIE })
    const expired = `${COOKIE}=${await encode({
      token: { ...current!, amazon: { ...current!.amazon!, expiresAt: Date.now() - 1 } },
      secret: SECRET,
      salt: COOKIE,
    })}`
    emulator.clearRequests()
    // The proxy's jwt callback refreshes and writes the new cookie to the response...
    const proxied = await fetch(`${app.url}/auth/session`, { headers: { cookie: expired } })
    const fresh = await tokenSetBy(proxied)
    expect(fresh).toMatch(/^Atza\|/)
    // ...while the page's own request still has the old one.
    expect(await serverToken(expired)).toBeUndefined()
    const viaRefresh = await getAmazonAccessToken(
      { headers: new Headers({ cookie: expired }) },
      { secret: SECRET, refresh: { provider: amazon } },
    )
    expect(viaRefresh).toBe(fresh)
    expect(emulator.requests().filter((r) => r.grant_type === 'refresh_token')).toHaveLength(1)
  })

  it('getAmazonAccessToken: nobody signed in is undefined; no secret is a typed error', async () => {
    expect(await serverToken('')).toBeUndefined()
    expect(await serverToken(`${COOKIE}=not-a-jwt`)).toBeUndefined()
    const saved = process.env.AUTH_SECRET
    delete process.env.AUTH_SECRET
    try {
      const error = await getAmazonAccessToken({ headers: new Headers() }).catch((e) => e)
      expect(error).toBeInstanceOf(InvalidArgumentError)
      expect((error as Error).message).toContain('AUTH_SECRET')
    } finally {
      if (saved !== undefined) process.env.AUTH_SECRET = saved
    }
  })

  it('refuses a forged state', async () => {
    const jar = new CookieJar()
    const { csrfToken } = (await (await send(jar, `${app.url}/auth/csrf`)).json()) as {
      csrfToken: string
    }
    const start = await send(jar, `${app.url}/auth/signin/amazon`, { csrfToken })
    const authorize = new URL(start.headers.get('location')!)
    const { location } = emulator.authorize({
      ...Object.fromEntries(authorize.searchParams),
      state: 'forged',
    })
    const callback = await send(jar, location)
    expect(callback.headers.get('location')).toContain('/auth/error')
    expect(jar.cookies.has(COOKIE)).toBe(false)
  })

  it('refreshes once for concurrent requests, then flags a revoked grant', async () => {
    const jar = new CookieJar()
    await signIn(jar, DEMO.users.bob.userId)
    const before = await decode({ token: jar.cookies.get(COOKIE)!, secret: SECRET, salt: COOKIE })
    const expire = async () => {
      const current = await decode({
        token: jar.cookies.get(COOKIE)!,
        secret: SECRET,
        salt: COOKIE,
      })
      const expired = { ...current!, amazon: { ...current!.amazon!, expiresAt: Date.now() - 1 } }
      jar.cookies.set(COOKIE, await encode({ token: expired, secret: SECRET, salt: COOKIE }))
    }
    await expire()
    emulator.clearRequests()
    const tokens = await Promise.all(
      Array.from({ length: 4 }, () =>
        fetch(`${app.url}/auth/session`, { headers: { cookie: jar.header() } }).then(tokenSetBy),
      ),
    )
    expect(emulator.requests().filter((r) => r.grant_type === 'refresh_token')).toHaveLength(1)
    expect(new Set(tokens).size).toBe(1)
    expect(tokens[0]).toMatch(/^Atza\|/)
    expect(tokens[0]).not.toBe(before?.amazon?.accessToken)

    // A new grant for the same user, then the user removes the app.
    const second = new CookieJar()
    await signIn(second, DEMO.users.alice.userId)
    emulator.revoke({ userId: DEMO.users.alice.userId, clientId: DEMO.webClientId })
    const current = await decode({
      token: second.cookies.get(COOKIE)!,
      secret: SECRET,
      salt: COOKIE,
    })
    second.cookies.set(
      COOKIE,
      await encode({
        token: { ...current!, amazon: { ...current!.amazon!, expiresAt: Date.now() - 1 } },
        secret: SECRET,
        salt: COOKIE,
      }),
    )
    const revoked = (await (await send(second, `${app.url}/auth/session`)).json()) as {
      accessToken?: string
      error?: string
    }
    expect(revoked.error).toBe(AmazonSessionError.GrantRevoked)
    expect(revoked.accessToken).toBeUndefined()
  })
})

const QUIET = { error: () => {}, warn: () => {}, debug: () => {} }
const ENV_NAMES = ['AUTH_AMAZON_ID', 'AUTH_AMAZON_SECRET'] as const

describe('Auth.js provider settings: AUTH_AMAZON_ID / AUTH_AMAZON_SECRET, checked on first use', () => {
  afterEach(() => {
    for (const name of ENV_NAMES) delete process.env[name]
  })

  /** Signs in through a fresh Auth() server, then refreshes once after expiry. */
  async function signInAndRefresh(authConfig: AuthConfig) {
    const server = await mount(authConfig)
    emulator.allowReturnUrl(`${server.url}/auth/callback/amazon`)
    try {
      const jar = new CookieJar()
      emulator.clearRequests()
      const { authorize, callback } = await signIn(jar, DEMO.users.bob.userId, server.url)
      expect(authorize.searchParams.get('client_id')).toBe(DEMO.webClientId)
      expect(callback.headers.get('location')).toBe(`${server.url}/`)
      // A web client is refused without its secret: this exchange sent it.
      const exchange = emulator.requests().filter((r) => r.grant_type === 'authorization_code')
      expect(exchange.map((r) => r.status)).toEqual([200])
      const current = await decode({
        token: jar.cookies.get(COOKIE)!,
        secret: SECRET,
        salt: COOKIE,
      })
      expect(current?.amazon?.refreshToken).toMatch(/^Atzr\|/)
      jar.cookies.set(
        COOKIE,
        await encode({
          token: { ...current!, amazon: { ...current!.amazon!, expiresAt: Date.now() - 1 } },
          secret: SECRET,
          salt: COOKIE,
        }),
      )
      const response = await send(jar, `${server.url}/auth/session`)
      const session = (await response.json()) as { error?: string }
      // The refresh helper found the same client id and secret.
      const refreshes = emulator.requests().filter((r) => r.grant_type === 'refresh_token')
      expect(refreshes.map((r) => r.status)).toEqual([200])
      expect(session.error).toBeUndefined()
      const fresh = await serverToken(jar.header())
      expect(fresh).toMatch(/^Atza\|/)
      expect(fresh).not.toBe(current?.amazon?.accessToken)
    } finally {
      await server.close()
    }
  }

  it('reads AUTH_AMAZON_ID and AUTH_AMAZON_SECRET at run time, set after the provider was made', async () => {
    const amazon = Amazon({ endpoints: emulator.endpoints, scope: ['profile'] })
    const authConfig: AuthConfig = {
      providers: [amazon],
      secret: SECRET,
      basePath: '/auth',
      trustHost: true,
      callbacks: amazonCallbacks({ provider: amazon }),
      logger: QUIET,
    }
    process.env.AUTH_AMAZON_ID = DEMO.webClientId
    process.env.AUTH_AMAZON_SECRET = DEMO.webClientSecret
    expect(amazon.clientId).toBe(DEMO.webClientId)
    expect(amazon.client.token_endpoint_auth_method).toBe('client_secret_post')
    await signInAndRefresh(authConfig)
  })

  it('takes the id and secret setEnvDefaults assigns from a framework env object', async () => {
    const amazon = Amazon({ endpoints: emulator.endpoints })
    const authConfig: AuthConfig = {
      providers: [amazon],
      basePath: '/auth',
      trustHost: true,
      callbacks: amazonCallbacks({ provider: amazon }),
      logger: QUIET,
    }
    setEnvDefaults(
      {
        AUTH_AMAZON_ID: DEMO.webClientId,
        AUTH_AMAZON_SECRET: DEMO.webClientSecret,
        AUTH_SECRET: SECRET,
      },
      authConfig,
    )
    expect(process.env.AUTH_AMAZON_ID).toBeUndefined()
    await signInAndRefresh(authConfig)
  })

  it('prefers clientId and clientSecret given in the options over the variables', async () => {
    process.env.AUTH_AMAZON_ID = 'amzn1.application-oa2-client.00000000000000000000000000000000'
    process.env.AUTH_AMAZON_SECRET = 'not-the-secret'
    const amazon = Amazon({
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      endpoints: emulator.endpoints,
    })
    await signInAndRefresh({
      providers: [amazon],
      secret: SECRET,
      basePath: '/auth',
      trustHost: true,
      callbacks: amazonCallbacks({ provider: amazon }),
      logger: QUIET,
    })
  })

  it('builds without them (Amazon(), setEnvDefaults); the first request throws an InvalidArgumentError naming AUTH_AMAZON_ID', async () => {
    // What next-auth v5 does at import, so also during `next build`.
    const amazon = Amazon()
    const authConfig: AuthConfig = {
      providers: [amazon],
      callbacks: amazonCallbacks({ provider: amazon }),
      logger: QUIET,
    }
    setEnvDefaults({ AUTH_SECRET: SECRET }, authConfig)
    expect(amazon.clientId).toBeUndefined()
    expect(amazon.client.token_endpoint_auth_method).toBe('none')

    const error: unknown = await Auth(
      new Request('http://127.0.0.1:3000/auth/signin/amazon', { method: 'POST' }),
      authConfig,
    ).then(
      () => undefined,
      (failure: unknown) => failure,
    )
    expect(error).toBeInstanceOf(InvalidArgumentError)
    expect((error as InvalidArgumentError).code).toBe(LwaErrorCode.InvalidArgument)
    expect((error as Error).message).toContain('AUTH_AMAZON_ID')
    expect((error as Error).message).toContain('next build')

    // The refresh helper fails the same way, on first use.
    const refresh = amazonCallbacks({ provider: amazon }).jwt({
      token: { amazon: { accessToken: 'Atza|x', refreshToken: 'Atzr|x', expiresAt: 0, scope: [] } },
    })
    await expect(refresh).rejects.toThrow(InvalidArgumentError)
    await expect(refresh).rejects.not.toThrow(/Atz[ar]\|/)

    // Set later (a container that gets its secrets at start): the same provider works.
    process.env.AUTH_AMAZON_ID = DEMO.webClientId
    process.env.AUTH_AMAZON_SECRET = DEMO.webClientSecret
    expect(amazon.clientId).toBe(DEMO.webClientId)
    const providers = await Auth(new Request('http://127.0.0.1:3000/auth/providers'), authConfig)
    expect(providers.status).toBe(200)
    expect(await providers.json()).toMatchObject({ amazon: { id: 'amazon', type: 'oauth' } })
  })
})
