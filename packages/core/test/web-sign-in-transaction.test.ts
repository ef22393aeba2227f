import { describe, expect, it } from 'vitest'
import {
  createSignInTransaction,
  createUsedNonceCache,
  type SignInResult,
  type WebAnswer,
  type WebRequest,
} from '../src/index.js'
import { DEMO, redirectUri, useEmulator, webClient } from './support.js'

const ctx = useEmulator()
const secret = 'a-core-test-secret-of-at-least-32-characters'

const cookieOf = (answer: WebAnswer) =>
  answer.headers.find(([n]) => n === 'set-cookie')?.[1]?.split(';')[0] ?? ''
const request = (url: string, cookie = '', extra: Record<string, string> = {}): WebRequest => ({
  method: 'GET',
  url,
  headers: { host: 'app.example', ...(cookie ? { cookie } : {}), ...extra },
  secure: false,
})
const code = (result: SignInResult) => (result.ok ? 'ok' : result.failure.code)

describe('createSignInTransaction against the emulator', () => {
  const flow = () =>
    createSignInTransaction({
      client: webClient(ctx.emulator),
      redirectUri,
      secret,
      scope: 'profile',
      usedNonces: createUsedNonceCache(),
    })

  async function begin(signIn = flow(), returnTo?: unknown, decision: 'allow' | 'deny' = 'allow') {
    const started = await signIn.start(request('/login'), returnTo)
    expect(started.status).toBe(302)
    expect(started.headers).toContainEqual(['cache-control', 'no-store'])
    expect(started.headers).toContainEqual(['referrer-policy', 'no-referrer'])
    const location = started.headers.find(([n]) => n === 'location')?.[1] as string
    const authorize = new URL(location)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    const { location: callbackUrl } = ctx.emulator.authorize({
      ...Object.fromEntries(authorize.searchParams),
      user_id: DEMO.users.alice.userId,
      decision,
    })
    const callback = new URL(callbackUrl)
    return { signIn, cookie: cookieOf(started), path: `${callback.pathname}${callback.search}` }
  }

  it('signs in: state checked, code swapped, user read, state cookie cleared, safe returnTo', async () => {
    const { signIn, cookie, path } = await begin(undefined, '/library')
    const result = await signIn.finish(request(path, cookie))
    expect(result).toMatchObject({
      ok: true,
      returnTo: '/library',
      user: { id: DEMO.users.alice.userId },
    })
    expect(result.cookies[0]).toMatch(/^lwa_state=; Path=\/; Max-Age=0/)
    const evil = await begin(undefined, '//evil.example')
    const second = await evil.signIn.finish(request(evil.path, evil.cookie))
    expect(second).toMatchObject({ ok: true, returnTo: '/' })
  })

  it('checks the state before the error parameters and keeps a sign-in in progress', async () => {
    const { signIn, cookie, path } = await begin()
    const forged = await signIn.finish(request('/callback?error=access_denied', cookie))
    expect(code(forged)).toBe('LWA_STATE_MISMATCH')
    expect(forged.ok ? 0 : forged.failure.status).toBe(400)
    expect(forged.cookies).toEqual([])
    const wrong = await signIn.finish(
      request(path.replace(/state=[^&]+/, `state=${'x'.repeat(43)}`), cookie),
    )
    expect(code(wrong)).toBe('LWA_STATE_MISMATCH')
    expect(wrong.cookies).toEqual([])
    expect(code(await signIn.finish(request(path, cookie)))).toBe('ok')
    // Single use: the same cookie and callback again.
    expect(code(await signIn.finish(request(path, cookie)))).toBe('LWA_SEALED_STATE_INVALID')
  })

  it('tells Cancel, a missing cookie, a repeated state or code, and no parameters apart', async () => {
    const denied = await begin(undefined, undefined, 'deny')
    const cancel = await denied.signIn.finish(request(denied.path, denied.cookie))
    expect(cancel.ok ? 0 : cancel.failure.status).toBe(403)
    expect(code(cancel)).toBe('LWA_ACCESS_DENIED')
    const { signIn, cookie, path } = await begin()
    expect(code(await signIn.finish(request(path)))).toBe('LWA_SEALED_STATE_INVALID')
    expect(code(await signIn.finish(request('/callback', cookie)))).toBe('LWA_STATE_MISMATCH')
    const state = new URL(path, 'http://x').searchParams.get('state')
    expect(code(await signIn.finish(request(`${path}&state=${state}`, cookie)))).toBe(
      'LWA_STATE_MISMATCH',
    )
    const twice = await signIn.finish(request(`${path}&code=again`, cookie))
    expect(code(twice)).toBe('LWA_INVALID_REQUEST')
    expect(twice.ok ? 0 : twice.failure.status).toBe(400)
  })

  it('refuses a cross-site login while a sign-in is in progress, and starts one otherwise', async () => {
    const { signIn, cookie } = await begin()
    const cross = await signIn.start(request('/login', cookie, { 'sec-fetch-site': 'cross-site' }))
    expect(cross.status).toBe(403)
    expect(JSON.parse(cross.body as string)).toMatchObject({ error: 'LWA_CROSS_SITE_REQUEST' })
    const fresh = await signIn.start(request('/login', '', { 'sec-fetch-site': 'cross-site' }))
    expect(fresh.status).toBe(302)
  })

  it('writes the __Host- cookie behind https, and a bad LWA answer is not the browser’s fault', async () => {
    const signIn = flow()
    const started = await signIn.start({ ...request('/login'), secure: true })
    expect(started.headers.find(([n]) => n === 'set-cookie')?.[1]).toMatch(
      /^__Host-lwa_state=.*; Secure$/,
    )
    const { cookie, path } = await begin(signIn)
    ctx.emulator.injectFault({ endpoint: 'token', kind: 'status', status: 500, times: 5 })
    const down = await signIn.finish(request(path, cookie))
    expect(down.ok ? 0 : down.failure.status).toBe(502)
    expect(code(down)).toBe('LWA_SERVER_ERROR')
  })

  it('refuses a short secret when made', () => {
    expect(() =>
      createSignInTransaction({
        client: webClient(ctx.emulator),
        redirectUri,
        secret: 'short',
        scope: 'profile',
      }),
    ).toThrow(/32 characters/)
  })
})
