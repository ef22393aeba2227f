import { describe, expect, it } from 'vitest'
import {
  createStateCookie,
  createUsedNonceCache,
  type LoadedSignIn,
  LwaErrorCode,
  type WebRequest,
} from '../src/index.js'

const secret = 'a-core-test-secret-of-at-least-32-characters'
const kept = { state: 'the-state', codeVerifier: 'v'.repeat(43), returnTo: '/library' }

const request = (cookie = '', secure = false): WebRequest => ({
  method: 'GET',
  url: '/callback',
  headers: { host: 'app.example', ...(cookie ? { cookie } : {}) },
  secure,
})
const pair = (line: string) => line.split(';')[0] as string
const codeOf = (loaded: LoadedSignIn | { ok: boolean; error?: unknown }) =>
  loaded.ok ? 'ok' : (loaded.error as { code: string } | undefined)?.code
const sealed = async (stateCookie = make(), secure = false) => {
  const saved = await stateCookie.save(request('', secure), kept)
  expect(saved.cookies).toHaveLength(1)
  return saved.cookies?.[0] as string
}
const make = () => createStateCookie({ secret, usedNonces: createUsedNonceCache() })

describe('createStateCookie', () => {
  it('seals a cookie (HttpOnly, SameSite=Lax; __Host- and Secure behind https) that is used up once', async () => {
    const stateCookie = make()
    const line = await sealed(stateCookie)
    expect(line).toMatch(/^lwa_state=[^;]+; /)
    expect(line).toContain('HttpOnly')
    expect(line).toContain('SameSite=Lax')
    expect(await sealed(stateCookie, true)).toMatch(/^__Host-lwa_state=.*Secure/)
    expect(stateCookie.inProgress(request(pair(line)))).toBe(true)
    expect(stateCookie.inProgress(request())).toBe(false)

    const first = await stateCookie.load(request(pair(line)), 'the-state')
    expect(first.ok).toBe(true)
    if (!first.ok) return
    // The cookie keeps the return path, and hands it back as the app state too.
    expect(first.pending).toEqual({ ...kept, appState: { returnTo: '/library' } })
    const used = await first.use()
    expect(used.ok).toBe(true)
    expect(used.cookies?.[0]).toMatch(/^lwa_state=; .*Max-Age=0/)
    // Opened again, it still opens, but cannot be used up twice (a replay).
    const again = await stateCookie.load(request(pair(line)), 'the-state')
    expect(again.ok).toBe(true)
    if (!again.ok) return
    const replay = await again.use()
    expect(codeOf(replay)).toBe(LwaErrorCode.SealedState)
    expect(replay.cookies).toHaveLength(1)
  })

  it('loading uses nothing up (the transaction uses it only once the state matched)', async () => {
    const stateCookie = make()
    const cookie = pair(await sealed(stateCookie))
    expect((await stateCookie.load(request(cookie), 'forged')).ok).toBe(true)
    expect((await stateCookie.load(request(cookie), 'forged')).ok).toBe(true)
    const loaded = await stateCookie.load(request(cookie), 'the-state')
    expect(loaded.ok && (await loaded.use()).ok).toBe(true)
  })

  it('refuses a missing cookie without clearing anything, and clears a tampered one', async () => {
    const stateCookie = make()
    const missing = await stateCookie.load(request(), 'the-state')
    expect(codeOf(missing)).toBe(LwaErrorCode.SealedState)
    expect(missing.ok ? [] : missing.cookies).toEqual([])
    const cookie = pair(await sealed(stateCookie))
    const tampered = await stateCookie.load(request(`${cookie.slice(0, -4)}AAAA`), 'the-state')
    expect(codeOf(tampered)).toBe(LwaErrorCode.SealedState)
    expect(tampered.ok ? [] : tampered.cookies).toHaveLength(1)
  })

  it('refuses a cookie sealed with another secret, and a short secret at once', async () => {
    const other = createStateCookie({ secret: `${secret}-other` })
    const cookie = pair(await sealed(other))
    expect(codeOf(await make().load(request(cookie), 'the-state'))).toBe(LwaErrorCode.SealedState)
    expect(() => createStateCookie({ secret: 'short' })).toThrow()
  })
})
