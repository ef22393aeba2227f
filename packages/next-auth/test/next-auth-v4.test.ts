import { InvalidArgumentError, LwaErrorCode } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import NextAuth, { type AuthOptions } from 'next-auth'
import { decode, encode } from 'next-auth/jwt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Amazon, AmazonSessionError, amazonCallbacks, getAmazonAccessToken } from '../src/index.js'
import { CookieJar, recordingFetch, request } from './helpers.js'
import { mountNextAuthV4 } from './servers.js'

const SECRET = 'next-auth-v4-test-secret-0123456789abcdef'

let emulator: Emulator
let app: Awaited<ReturnType<typeof mountNextAuthV4>>
let authOptions: AuthOptions
const recorder = recordingFetch()

const mount = mountNextAuthV4

/** The access token the server reads from the jar's session cookie (what a server component gets). */
function serverToken(jar: CookieJar): Promise<string | undefined> {
  const cookies = { getAll: () => [...jar.cookies].map(([name, value]) => ({ name, value })) }
  return getAmazonAccessToken({ cookies }, { secret: SECRET })
}

/** The access token in the session cookie a response sets. */
async function tokenSetBy(response: Response): Promise<string | undefined> {
  const jar = new CookieJar()
  jar.take(response)
  return serverToken(jar)
}

async function signIn(jar: CookieJar, user: string = DEMO.users.alice.userId) {
  const csrf = (await (await request(jar, `${app.url}/api/auth/csrf`)).json()) as {
    csrfToken: string
  }
  const start = await request(jar, `${app.url}/api/auth/signin/amazon`, {
    form: { csrfToken: csrf.csrfToken, callbackUrl: `${app.url}/` },
  })
  expect(start.status).toBe(302)
  const authorize = new URL(start.headers.get('location')!)
  const { location } = emulator.authorize({
    ...Object.fromEntries(authorize.searchParams),
    user_id: user,
    decision: 'allow',
  })
  const callback = await request(jar, location)
  return { authorize, callback }
}

beforeAll(async () => {
  emulator = await startEmulator()
  const amazon = Amazon({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
    scope: ['profile', 'music::profile:read'],
    fetch: recorder.fetch,
  })
  authOptions = {
    providers: [amazon],
    secret: SECRET,
    callbacks: amazonCallbacks({ provider: amazon }),
    logger: { error: () => {}, warn: () => {}, debug: () => {} },
  }
  app = await mount(authOptions)
  process.env.NEXTAUTH_URL = app.url
  emulator.allowReturnUrl(`${app.url}/api/auth/callback/amazon`)
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

describe('Amazon provider for next-auth v4 against the emulator', () => {
  it('sends PKCE S256, state, the scopes and the client to /ap/oa', async () => {
    const jar = new CookieJar()
    const { authorize } = await signIn(jar)
    expect(authorize.origin + authorize.pathname).toBe(emulator.endpoints.authorizationEndpoint)
    expect(authorize.searchParams.get('client_id')).toBe(DEMO.webClientId)
    expect(authorize.searchParams.get('response_type')).toBe('code')
    expect(authorize.searchParams.get('scope')).toBe('profile music::profile:read')
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(authorize.searchParams.get('state')).toBeTruthy()
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.url}/api/auth/callback/amazon`)
  })

  it('signs in: the session has the mapped user; the access token stays on the server', async () => {
    const jar = new CookieJar()
    recorder.calls.length = 0
    const { callback } = await signIn(jar)
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe(`${app.url}/`)
    const session = (await (await request(jar, `${app.url}/api/auth/session`)).json()) as {
      user: unknown
      accessToken?: string
      error?: string
    }
    expect(session.user).toEqual({
      name: DEMO.users.alice.name,
      email: DEMO.users.alice.email,
      image: null,
    })
    // Browser code reads /api/auth/session: no Amazon token there unless the app asks for it.
    expect(session.accessToken).toBeUndefined()
    expect(JSON.stringify(session)).not.toMatch(/Atz[ar]\|/)
    expect(session.error).toBeUndefined()
    const token = await decode({
      token: jar.cookies.get('next-auth.session-token')!,
      secret: SECRET,
    })
    expect(token?.sub).toBe(DEMO.users.alice.userId)
    expect(token?.amazon?.refreshToken).toMatch(/^Atzr\|/)
    // The server reads it from the encrypted cookie.
    expect(await serverToken(jar)).toBe(token?.amazon?.accessToken)
    expect(token?.amazon?.accessToken).toMatch(/^Atza\|/)
    // The profile call carries the token in the Authorization header, never in the URL.
    const profileCall = recorder.calls.find((c) =>
      c.url.startsWith(emulator.endpoints.profileEndpoint),
    )
    expect(profileCall).toBeDefined()
    expect(profileCall!.url).not.toContain('access_token')
    expect(profileCall!.headers.get('authorization')).toMatch(/^Bearer Atza\|/)
    // The code exchange sent the PKCE verifier.
    const exchanges = emulator.requests().filter((r) => r.grant_type === 'authorization_code')
    expect(exchanges.at(-1)?.status).toBe(200)
  })

  it('refuses a callback whose state does not match the cookie', async () => {
    const jar = new CookieJar()
    const csrf = (await (await request(jar, `${app.url}/api/auth/csrf`)).json()) as {
      csrfToken: string
    }
    const start = await request(jar, `${app.url}/api/auth/signin/amazon`, {
      form: { csrfToken: csrf.csrfToken, callbackUrl: `${app.url}/` },
    })
    const authorize = new URL(start.headers.get('location')!)
    const before = emulator.requests().filter((r) => r.grant_type === 'authorization_code').length
    const { location } = emulator.authorize({
      ...Object.fromEntries(authorize.searchParams),
      state: 'forged-state-value',
      user_id: DEMO.users.alice.userId,
    })
    const callback = await request(jar, location)
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toContain('/api/auth/error')
    expect(jar.cookies.has('next-auth.session-token')).toBe(false)
    const after = emulator.requests().filter((r) => r.grant_type === 'authorization_code').length
    expect(after).toBe(before)
  })

  it('refuses a callback whose code is not an LWA code without sending it to LWA', async () => {
    const jar = new CookieJar()
    const csrf = (await (await request(jar, `${app.url}/api/auth/csrf`)).json()) as {
      csrfToken: string
    }
    const start = await request(jar, `${app.url}/api/auth/signin/amazon`, {
      form: { csrfToken: csrf.csrfToken, callbackUrl: `${app.url}/` },
    })
    const authorize = new URL(start.headers.get('location')!)
    const before = emulator.requests().filter((r) => r.grant_type === 'authorization_code').length
    const { location } = emulator.authorize({
      ...Object.fromEntries(authorize.searchParams),
      user_id: DEMO.users.alice.userId,
    })
    const tampered = new URL(location)
    tampered.searchParams.set('code', 'not a code')
    const callback = await request(jar, tampered.href)
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toContain('/api/auth/error')
    expect(jar.cookies.has('next-auth.session-token')).toBe(false)
    const after = emulator.requests().filter((r) => r.grant_type === 'authorization_code').length
    expect(after).toBe(before)
  })

  async function expireSessionCookie(jar: CookieJar) {
    const token = await decode({
      token: jar.cookies.get('next-auth.session-token')!,
      secret: SECRET,
    })
    const expired = { ...token!, amazon: { ...token!.amazon!, expiresAt: Date.now() - 1000 } }
    jar.cookies.set('next-auth.session-token', await encode({ token: expired, secret: SECRET }))
    return token!
  }

  it('refreshes an expired token once for concurrent requests and keeps the refresh token', async () => {
    const jar = new CookieJar()
    await signIn(jar, DEMO.users.bob.userId)
    const before = await expireSessionCookie(jar)
    emulator.clearRequests()
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(`${app.url}/api/auth/session`, { headers: { cookie: jar.header() } }),
      ),
    )
    expect(emulator.requests().filter((r) => r.grant_type === 'refresh_token')).toHaveLength(1)
    const tokens = new Set(await Promise.all(responses.map(tokenSetBy)))
    expect(tokens.size).toBe(1)
    expect([...tokens][0]).toMatch(/^Atza\|/)
    expect([...tokens][0]).not.toBe(before.amazon!.accessToken)
    // The rewritten cookie keeps the refresh token and a new expiry.
    jar.take(responses[0]!)
    const after = await decode({
      token: jar.cookies.get('next-auth.session-token')!,
      secret: SECRET,
    })
    expect(after?.amazon?.refreshToken).toBe(before.amazon!.refreshToken)
    expect(after?.amazon?.expiresAt).toBeGreaterThan(Date.now() + 30 * 60_000)
    // A later request with the old cookie gets the same fresh tokens without a second refresh.
    const again = await fetch(`${app.url}/api/auth/session`, {
      headers: {
        cookie: `next-auth.session-token=${await encode({ token: { ...before, amazon: { ...before.amazon!, expiresAt: Date.now() - 1 } }, secret: SECRET })}`,
      },
    })
    expect(await tokenSetBy(again)).toBe([...tokens][0])
    expect(emulator.requests().filter((r) => r.grant_type === 'refresh_token')).toHaveLength(1)
  })

  it('marks the session GrantRevoked when LWA refuses the refresh token', async () => {
    const jar = new CookieJar()
    await signIn(jar, DEMO.users.alice.userId)
    emulator.revoke({ userId: DEMO.users.alice.userId, clientId: DEMO.webClientId })
    await expireSessionCookie(jar)
    const response = await request(jar, `${app.url}/api/auth/session`)
    const session = (await response.json()) as { accessToken?: string; error?: string }
    expect(session.error).toBe(AmazonSessionError.GrantRevoked)
    expect(session.accessToken).toBeUndefined()
    const token = await decode({
      token: jar.cookies.get('next-auth.session-token')!,
      secret: SECRET,
    })
    expect(token?.amazon).toBeUndefined()
    expect(token?.error).toBe(AmazonSessionError.GrantRevoked)
    expect(await serverToken(jar)).toBeUndefined()
  })

  it('marks RefreshFailed on a passing LWA failure, and recovers on the next request', async () => {
    const jar = new CookieJar()
    await signIn(jar, DEMO.users.bob.userId)
    await expireSessionCookie(jar)
    emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503, times: 10 })
    const failed = (await (await request(jar, `${app.url}/api/auth/session`)).json()) as {
      error?: string
    }
    expect(failed.error).toBe(AmazonSessionError.RefreshFailed)
    emulator.clearFaults()
    expect(await serverToken(jar)).toBeUndefined() // expired, not renewed
    const recovered = (await (await request(jar, `${app.url}/api/auth/session`)).json()) as {
      error?: string
    }
    expect(recovered.error).toBeUndefined()
    expect(await serverToken(jar)).toMatch(/^Atza\|/)
  })

  it('puts the access token on the session only with exposeAccessToken: true', async () => {
    const amazon = authOptions.providers[0] as ReturnType<typeof Amazon>
    const exposing = await mount({
      ...authOptions,
      callbacks: amazonCallbacks({ provider: amazon, exposeAccessToken: true }),
    })
    try {
      emulator.allowReturnUrl(`${exposing.url}/api/auth/callback/amazon`)
      const jar = new CookieJar()
      const previous = process.env.NEXTAUTH_URL
      process.env.NEXTAUTH_URL = exposing.url
      try {
        const csrf = (await (await request(jar, `${exposing.url}/api/auth/csrf`)).json()) as {
          csrfToken: string
        }
        const start = await request(jar, `${exposing.url}/api/auth/signin/amazon`, {
          form: { csrfToken: csrf.csrfToken, callbackUrl: `${exposing.url}/` },
        })
        const authorize = new URL(start.headers.get('location')!)
        const { location } = emulator.authorize({
          ...Object.fromEntries(authorize.searchParams),
          user_id: DEMO.users.alice.userId,
          decision: 'allow',
        })
        await request(jar, location)
        const session = (await (await request(jar, `${exposing.url}/api/auth/session`)).json()) as {
          accessToken?: string
        }
        expect(session.accessToken).toMatch(/^Atza\|/)
        expect(session.accessToken).toBe(await serverToken(jar))
      } finally {
        process.env.NEXTAUTH_URL = previous
      }
    } finally {
      await exposing.close()
    }
  })

  it("refreshes with the token manager's head start: 10 minutes before expiry, not before", async () => {
    const jar = new CookieJar()
    await signIn(jar, DEMO.users.bob.userId)
    const token = await decode({
      token: jar.cookies.get('next-auth.session-token')!,
      secret: SECRET,
    })
    const refreshes = () =>
      emulator.requests().filter((r) => r.grant_type === 'refresh_token').length
    const at = async (msLeft: number) => {
      const cookie = await encode({
        token: { ...token!, amazon: { ...token!.amazon!, expiresAt: Date.now() + msLeft } },
        secret: SECRET,
      })
      await fetch(`${app.url}/api/auth/session`, {
        headers: { cookie: `next-auth.session-token=${cookie}` },
      })
    }
    const before = refreshes()
    await at(11 * 60_000) // outside the head start: nothing
    expect(refreshes()).toBe(before)
    await at(9 * 60_000) // inside it: one refresh
    expect(refreshes()).toBe(before + 1)
  })
})

describe('next-auth v4 provider settings are checked on first use, not at import', () => {
  const quiet = { error: () => {}, warn: () => {}, debug: () => {} }
  // What `next build` sees: the variables are not set.
  const unset = (name: string) => process.env[`LWA_TEST_UNSET_${name}`]!

  async function firstRequestError(options: AuthOptions): Promise<unknown> {
    const errors: unknown[] = []
    const server = await mount(options, errors)
    try {
      const response = await fetch(`${server.url}/api/auth/signin`)
      expect(response.status).toBe(500)
      expect(errors).toHaveLength(1)
      return errors[0]
    } finally {
      await server.close()
    }
  }

  it('makes the provider, the callbacks and the handler without a client id; the first request throws an InvalidArgumentError naming it', async () => {
    const amazon = Amazon({ clientId: unset('ID'), clientSecret: unset('SECRET') })
    const options: AuthOptions = {
      providers: [amazon],
      secret: SECRET,
      callbacks: amazonCallbacks({ provider: amazon }),
      logger: quiet,
    }
    expect(typeof NextAuth(options)).toBe('function')
    const error = await firstRequestError(options)
    expect(error).toBeInstanceOf(InvalidArgumentError)
    expect((error as InvalidArgumentError).code).toBe(LwaErrorCode.InvalidArgument)
    expect((error as Error).message).toContain('clientId')
    expect((error as Error).message).toContain('LWA_CLIENT_ID')
    // The refresh helper fails the same way when it first needs the client.
    const refresh = amazonCallbacks({ provider: amazon }).jwt({
      token: { amazon: { accessToken: 'Atza|x', refreshToken: 'Atzr|x', expiresAt: 0, scope: [] } },
    })
    await expect(refresh).rejects.toThrow(InvalidArgumentError)
    await expect(refresh).rejects.not.toThrow(/Atz[ar]\|/)
  })

  it('names a bad region on the first request, and keeps the secret out of the message', async () => {
    const amazon = Amazon({
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      region: 'US' as never,
    })
    const error = await firstRequestError({ providers: [amazon], secret: SECRET, logger: quiet })
    expect(error).toBeInstanceOf(InvalidArgumentError)
    expect((error as Error).message).toMatch(/region "US".*NA, EU or FE/)
    expect((error as Error).message).not.toContain(DEMO.webClientSecret)
  })
})
