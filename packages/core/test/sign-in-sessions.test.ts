import { describe, expect, it } from 'vitest'
import {
  createLwaClient,
  createSignInSessions,
  createTokenManager,
  MemoryTokenStore,
  type TokenSet,
  type WebRequest,
} from '../src/index.js'

const secret = 'a-core-test-secret-of-at-least-32-characters'
const tokenSet = (n: number): TokenSet => ({
  accessToken: `Atza|${String(n).repeat(360)}`,
  refreshToken: `Atzr|${String(n).repeat(360)}`,
  tokenType: 'bearer',
  expiresAt: Date.now() + 3600_000,
  scope: ['profile'],
})
const request = (
  cookie = '',
  method = 'GET',
  headers: Record<string, string> = {},
): WebRequest => ({
  method,
  url: '/logout',
  headers: { host: 'app.test', ...(cookie ? { cookie } : {}), ...headers },
  secure: false,
})
const pair = (line: string) => line.split(';')[0] as string

function setup(allowedOrigins?: readonly string[]) {
  const store = new MemoryTokenStore()
  // The token manager only keeps and forgets here: its client is never called.
  const tokens = createTokenManager({ client: createLwaClient({ clientId: 'amzn1.test' }), store })
  return {
    store,
    tokens,
    sessions: createSignInSessions<{ name: string }>({ secret, store, tokens, allowedOrigins }),
  }
}

describe('createSignInSessions', () => {
  it("keeps each sign-in's tokens under a handle of its own: an older cookie never sees a later sign-in", async () => {
    const { tokens, sessions } = setup()
    const first = await sessions.signIn(request(), 'web', { name: 'Alice' }, tokenSet(1))
    expect(first.key).toMatch(/^web:/)
    expect(first.cookie).toMatch(/^lwa_session=v1\..*HttpOnly; SameSite=Lax$/)
    expect(await tokens.getAccessToken(first.key)).toBe(tokenSet(1).accessToken)
    const second = await sessions.signIn(request(), 'web', { name: 'Alice' }, tokenSet(2))
    expect(second.key).not.toBe(first.key)
    const opened = await sessions.open(request(pair(first.cookie)))
    expect(opened).toMatchObject({ key: first.key, data: { name: 'Alice' } })
    expect(await tokens.getAccessToken(opened?.key as string)).toBe(tokenSet(1).accessToken)
  })

  it('signs out a same-site POST only: 405 for another method, 403 from another site, nobody signed out', async () => {
    const { store, sessions } = setup()
    const { key, cookie } = await sessions.signIn(request(), 'web', { name: 'Alice' }, tokenSet(1))
    const get = await sessions.signOut(request(pair(cookie)), '/bye')
    expect(get.signedOut).toBe(false)
    expect(get.answer.status).toBe(405)
    expect(get.answer.headers).toContainEqual(['allow', 'POST'])
    const crossSite = await sessions.signOut(
      request(pair(cookie), 'POST', { origin: 'https://evil.example' }),
    )
    expect(crossSite).toMatchObject({ signedOut: false, answer: { status: 403 } })
    expect(JSON.parse(crossSite.answer.body ?? '{}').error).toBe('LWA_CROSS_SITE_REQUEST')
    expect(await store.get(key)).toBeDefined()

    const copy = pair(cookie)
    const out = await sessions.signOut(request(copy, 'POST', { origin: 'http://app.test' }), '/bye')
    expect(out.signedOut).toBe(true)
    expect(out.answer.status).toBe(303)
    expect(out.answer.headers).toContainEqual(['location', '/bye'])
    expect(out.answer.headers).toContainEqual(['cache-control', 'no-store'])
    const cleared = out.answer.headers.find(([name]) => name === 'set-cookie')?.[1]
    expect(cleared).toMatch(/^lwa_session=; .*Max-Age=0/)
    expect(await store.get(key)).toBeUndefined()
    expect(await sessions.open(request(copy))).toBeUndefined() // every copy is signed out
  })

  it('lets the allowed origins sign out', async () => {
    const { sessions } = setup(['https://admin.example'])
    const { cookie } = await sessions.signIn(request(), 'web', { name: 'Alice' }, tokenSet(1))
    const out = await sessions.signOut(
      request(pair(cookie), 'POST', { origin: 'https://admin.example' }),
    )
    expect(out).toMatchObject({ signedOut: true, answer: { status: 303 } })
    expect(out.answer.headers).toContainEqual(['location', '/'])
  })

  it('ends a session now, finding its handle from the cookie or taking the key given', async () => {
    const { store, sessions } = setup()
    const a = await sessions.signIn(request(), 'web', { name: 'Alice' }, tokenSet(1))
    expect(await sessions.end(request(pair(a.cookie)))).toMatch(/^lwa_session=; .*Max-Age=0/)
    expect(await store.get(a.key)).toBeUndefined()
    const b = await sessions.signIn(request(), 'device', { name: 'Bob' }, tokenSet(2))
    await sessions.end(request(), b.key)
    expect(await store.get(b.key)).toBeUndefined()
    // No session: only the cookie that clears it.
    expect(await sessions.end(request())).toMatch(/^lwa_session=; .*Max-Age=0/)
  })
})
