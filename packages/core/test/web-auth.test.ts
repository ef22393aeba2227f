// Core's ready routes (createWebAuth) over real HTTP against the emulator on 127.0.0.1: plain
// request facts in, plain answers out, the way an adapter (Express's lwaAuth) feeds and writes them.
import { describe, expect, it } from 'vitest'
import {
  createBearerCheck,
  createSignInSessions,
  createTokenManager,
  createWebAuth,
  MemoryTokenStore,
  type OpenedWebSession,
  type TokenSet,
  type WebAnswer,
  type WebAuth,
  type WebAuthExchange,
  type WebAuthOptions,
  type WebAuthUser,
  type WebRequest,
} from '../src/index.js'
import { DEMO, redirectUri, useEmulator, webClient } from './support.js'

const ctx = useEmulator()
const secret = 'a-core-test-secret-of-at-least-32-characters'
const tokens: TokenSet = {
  accessToken: `Atza|${'a'.repeat(360)}`,
  refreshToken: `Atzr|${'r'.repeat(360)}`,
  tokenType: 'bearer',
  expiresAt: Date.now() + 3600_000,
  scope: ['profile'],
}

const auth = (options: Partial<WebAuthOptions<string>> = {}) =>
  createWebAuth<string>({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: ctx.emulator.endpoints,
    redirectUri,
    secret,
    ...options,
  })

/** One request, as an adapter hands it in; what it did to the response is in `set` and `built`. */
function exchange(
  url: string,
  init: { method?: string; cookie?: string; headers?: Record<string, string> } = {},
) {
  const set: string[] = []
  const state = { answered: false, built: 0 }
  const headers = {
    host: 'app.example',
    ...(init.cookie ? { cookie: init.cookie } : {}),
    ...init.headers,
  }
  const request: WebRequest = { method: init.method ?? 'GET', url, headers, secure: false }
  const facts: WebAuthExchange<string> = {
    req: `the framework's request for ${url}`,
    method: request.method,
    path: new URL(url, 'http://x.invalid').pathname,
    cookie: init.cookie,
    request: () => {
      state.built++
      return request
    },
    answered: () => state.answered,
    setCookie: (line) => set.push(line),
  }
  return { facts, set, state }
}

async function open(web: WebAuth<string>, facts: WebAuthExchange<string>) {
  return (await web.session(facts)) as OpenedWebSession<WebAuthUser> | undefined
}

async function serve(web: WebAuth<string>, url: string, init: Parameters<typeof exchange>[1] = {}) {
  const one = exchange(url, init)
  const handled = web.handle(one.facts, await open(web, one.facts))
  return { ...one, ...handled, answer: await handled.answer }
}

const header = (answer: WebAnswer | undefined, name: string) =>
  (answer?.headers ?? []).filter(([n]) => n === name).map(([, v]) => v)
const pairs = (lines: string[]) => lines.map((line) => line.split(';')[0] as string)
const body = (answer: WebAnswer | undefined) => JSON.parse(answer?.body ?? 'null')

/** Login, Amazon's page (Alice allows or denies), and the callback URL with the state cookie. */
async function toCallback(web: WebAuth<string>, decision: 'allow' | 'deny' = 'allow') {
  const login = await serve(web, '/auth/amazon/login?returnTo=/music')
  expect(login.answer?.status).toBe(302)
  const authorize = new URL(header(login.answer, 'location')[0] as string)
  const { location } = ctx.emulator.authorize({
    ...Object.fromEntries(authorize.searchParams),
    user_id: DEMO.users.alice.userId,
    decision,
  })
  const callback = new URL(location)
  return {
    url: `${callback.pathname}${callback.search}`,
    cookie: pairs(header(login.answer, 'set-cookie')).join('; '),
  }
}

describe('createWebAuth', () => {
  it('refuses a missing redirect URI or a short secret at start-up, in the caller’s name', () => {
    expect(() => createWebAuth({ redirectUri: '', secret, clientId: 'x' })).toThrow(
      new TypeError('createWebAuth needs a redirectUri.'),
    )
    expect(() => auth({ secret: 'short', name: 'lwaAuth' })).toThrow(
      new TypeError('lwaAuth needs a secret of at least 32 characters (LWA_COOKIE_SECRET).'),
    )
    expect(() => auth({ secret: [] })).toThrow(TypeError)
  })

  it('answers its own routes only, by method and path below the base path', async () => {
    const web = auth({ basePath: '/sign-in/' })
    const routes = [
      ['GET', '/sign-in/login', true],
      ['HEAD', '/sign-in/login', false],
      ['POST', '/sign-in/callback', false],
      ['GET', '/sign-in/logout', true], // answered: 405
      ['POST', '/sign-in/device/start', false], // device linking is off
      ['GET', '/sign-in/device/status', false],
      ['GET', '/sign-in', false],
      ['GET', '/auth/amazon/login', false],
      ['GET', '/page', false],
    ] as const
    for (const [method, path, ours] of routes) {
      const { facts, state } = exchange(path, { method })
      const handled = web.handle(facts, undefined)
      expect([method, path, handled.answer !== undefined]).toEqual([method, path, ours])
      await handled.answer
      if (!ours) expect(state.built).toBe(0) // nothing of ours: the request is never built
    }
    const loggedOut = await serve(web, '/sign-in/logout')
    expect(loggedOut.answer?.status).toBe(405)
    expect(header(loggedOut.answer, 'allow')).toEqual(['POST'])
  })

  it('signs in, keeps the tokens under a new session, and signs out on a same-site POST only', async () => {
    const store = new MemoryTokenStore()
    const seen: unknown[] = []
    const web = auth({
      store,
      scope: ['profile', 'postal_code'],
      onSignIn: (user, tokens, req) => void seen.push(user.via, tokens.scope, req),
    })
    const callback = await toCallback(web)
    const done = await serve(web, callback.url, { cookie: callback.cookie })
    expect(done.answer?.status).toBe(303)
    expect(header(done.answer, 'location')).toEqual(['/music'])
    const cookies = header(done.answer, 'set-cookie')
    expect(cookies[0]).toMatch(/^lwa_state=; .*Max-Age=0/) // the state cookie, spent
    expect(cookies[1]).toMatch(/^lwa_session=v1\..*; HttpOnly; SameSite=Lax$/)
    expect(seen).toEqual([
      'web',
      ['profile', 'postal_code'],
      `the framework's request for ${callback.url}`,
    ])

    const session = pairs(cookies.slice(1)).join('; ')
    const page = await serve(web, '/page', { cookie: session })
    expect(page.answer).toBeUndefined()
    expect(page.context.user).toMatchObject({ id: DEMO.users.alice.userId, via: 'web' })
    expect(page.context.isAuthenticated()).toBe(true)
    expect((await page.context.getAccessToken()).length).toBeGreaterThan(300)
    expect(page.context.loginUrl('//evil.example')).toBe('/auth/amazon/login?returnTo=%2F')

    const crossSite = await serve(web, '/auth/amazon/logout', {
      method: 'POST',
      cookie: session,
      headers: { 'sec-fetch-site': 'cross-site' },
    })
    expect([crossSite.answer?.status, body(crossSite.answer).error]).toEqual([
      403,
      'LWA_CROSS_SITE_REQUEST',
    ])
    const out = await serve(web, '/auth/amazon/logout', { method: 'POST', cookie: session })
    expect(out.answer?.status).toBe(303)
    expect(header(out.answer, 'set-cookie')[0]).toMatch(/^lwa_session=; .*Max-Age=0/)
    const after = await serve(web, '/page', { cookie: session })
    expect(after.context.user).toBeUndefined()
    await expect(after.context.getAccessToken()).rejects.toMatchObject({
      code: 'LWA_REAUTHORIZATION_REQUIRED',
    })
  })

  it('sends a failed sign-in to failureRedirect, with the code and the spent state cookie', async () => {
    const web = auth({ failureRedirect: '/oops' })
    const callback = await toCallback(web, 'deny')
    const done = await serve(web, callback.url, { cookie: callback.cookie })
    expect(done.answer?.status).toBe(303)
    expect(header(done.answer, 'location')).toEqual(['/oops?error=LWA_ACCESS_DENIED'])
    expect(header(done.answer, 'set-cookie')[0]).toMatch(/^lwa_state=; /)
  })

  it('answers a failing onSignIn from the error table, the state cookie still cleared, HTML for a browser', async () => {
    const web = auth({
      onSignIn: () => Promise.reject(new Error('the app’s database is down')),
    })
    const callback = await toCallback(web)
    const done = await serve(web, callback.url, {
      cookie: callback.cookie,
      headers: { accept: 'text/html' },
    })
    expect(done.answer?.status).toBe(500)
    expect(header(done.answer, 'content-type')[0]).toMatch(/^text\/html/)
    expect(done.answer?.body).toContain('LWA_INTERNAL')
    expect(done.answer?.body).toContain('href="/auth/amazon/login"')
    expect(done.answer?.body).not.toContain('database')
    expect(header(done.answer, 'set-cookie')).toHaveLength(1)
    expect(header(done.answer, 'set-cookie')[0]).toMatch(/^lwa_state=; /)
  })

  it('signs nobody in and answers nothing once the app has answered the request', async () => {
    let signedIn = 0
    const web = auth({ onSignIn: () => void signedIn++ })
    const callback = await toCallback(web)
    const one = exchange(callback.url, { cookie: callback.cookie })
    const handled = web.handle(one.facts, undefined)
    one.state.answered = true // a timeout middleware answered while the code was swapped
    expect(await handled.answer).toBeUndefined()
    expect(one.set).toEqual([])
    expect(signedIn).toBe(0)
    expect(ctx.emulator.requests().filter((r) => r.endpoint === 'token')).toHaveLength(1)
  })

  it('reads no session without its cookie in sight, and ends one for the app’s own reasons', async () => {
    const web = auth()
    const bare = exchange('/page', { cookie: 'other=1' })
    expect(web.session(bare.facts)).toBeUndefined()
    expect(bare.state.built).toBe(0)

    const callback = await toCallback(web)
    const done = await serve(web, callback.url, { cookie: callback.cookie })
    const session = pairs(header(done.answer, 'set-cookie').slice(1)).join('; ')
    const page = await serve(web, '/page', { cookie: `other=1; ${session}` })
    expect(page.context.key).toMatch(/^web:/)
    await page.context.end()
    expect(page.set[0]).toMatch(/^lwa_session=; .*Max-Age=0/)
    expect((await serve(web, '/page', { cookie: session })).context.user).toBeUndefined()
  })
})

describe('createBearerCheck from a client id', () => {
  it('makes its own client (region, endpoints, fetch), and needs one of client, verifier or clientId', async () => {
    const calls: string[] = []
    const bearer = createBearerCheck({
      clientId: DEMO.webClientId,
      endpoints: ctx.emulator.endpoints,
      fetch: (input, init) => {
        calls.push(String(input))
        return fetch(input, init)
      },
    })
    const web = auth()
    const callback = await toCallback(web)
    const done = await serve(web, callback.url, { cookie: callback.cookie })
    const page = await serve(web, '/page', {
      cookie: pairs(header(done.answer, 'set-cookie').slice(1)).join('; '),
    })
    const token = await page.context.getAccessToken()
    const outcome = await bearer.check({ headers: { authorization: `Bearer ${token}` } })
    expect(outcome.ok && outcome.info.userId).toBe(DEMO.users.alice.userId)
    expect(calls).toHaveLength(1)
    expect(calls[0]?.startsWith(`${ctx.emulator.endpoints.tokenInfoEndpoint}?`)).toBe(true)
    expect(() => createBearerCheck({})).toThrow(TypeError)
  })
})

describe('createSignInSessions.signOut with the key of a session opened already', () => {
  it('signs that session out without opening the cookie again', async () => {
    const store = new MemoryTokenStore()
    const manager = createTokenManager({ client: webClient(ctx.emulator), store })
    const sessions = createSignInSessions<{ name: string }>({ secret, store, tokens: manager })
    const post: WebRequest = { method: 'POST', url: '/logout', headers: {}, secure: false }
    const { key } = await sessions.signIn(post, 'web', { name: 'Alice' }, tokens)
    expect(await store.get(key)).toBeDefined()
    const out = await sessions.signOut(post, '/bye', key) // no cookie on this request
    expect([out.signedOut, out.answer.status]).toEqual([true, 303])
    expect(out.answer.headers).toContainEqual(['location', '/bye'])
    expect(await store.get(key)).toBeUndefined()
  })
})
