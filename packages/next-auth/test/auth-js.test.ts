import { Auth, type AuthConfig } from '@auth/core'
import { decode, encode } from '@auth/core/jwt'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Amazon, AmazonSessionError, amazonCallbacks } from '../src/auth-js.js'
import { CookieJar, listen, readBody, recordingFetch } from './helpers.js'

const SECRET = 'auth-js-test-secret-0123456789abcdef0123'
const COOKIE = 'authjs.session-token'

let emulator: Emulator
let app: Awaited<ReturnType<typeof listen>>
let config: AuthConfig
const recorder = recordingFetch()

/** Auth.js's `Auth()` behind a real Node http server: Node request → Request, Response → Node. */
function mount(authConfig: AuthConfig) {
  return listen(async (req, res) => {
    const body = await readBody(req)
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(name, value)
    const request = new Request(new URL(req.url ?? '/', app.url), {
      method: req.method ?? 'GET',
      headers,
      ...(body ? { body } : {}),
    })
    const response = await Auth(request, authConfig)
    res.statusCode = response.status
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') res.setHeader(name, value)
    })
    const cookies = response.headers.getSetCookie()
    if (cookies.length > 0) res.setHeader('set-cookie', cookies)
    res.end(Buffer.from(await response.arrayBuffer()))
  })
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

async function signIn(jar: CookieJar, userId: string = DEMO.users.alice.userId) {
  const { csrfToken } = (await (await send(jar, `${app.url}/auth/csrf`)).json()) as {
    csrfToken: string
  }
  const start = await send(jar, `${app.url}/auth/signin/amazon`, {
    csrfToken,
    callbackUrl: `${app.url}/`,
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
    expect(session.accessToken).toMatch(/^Atza\|/)
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
    const sessions = (await Promise.all(
      Array.from({ length: 4 }, () =>
        fetch(`${app.url}/auth/session`, { headers: { cookie: jar.header() } }).then((r) =>
          r.json(),
        ),
      ),
    )) as { accessToken?: string }[]
    expect(emulator.requests().filter((r) => r.grant_type === 'refresh_token')).toHaveLength(1)
    expect(new Set(sessions.map((s) => s.accessToken)).size).toBe(1)
    expect(sessions[0]?.accessToken).not.toBe(before?.amazon?.accessToken)

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
