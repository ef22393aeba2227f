import { describe, expect, it } from 'vitest'
import {
  createStateCookie,
  createUsedNonceCache,
  LwaErrorCode,
  type StateCookieCheck,
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
const codeOf = (checked: StateCookieCheck) =>
  checked.ok ? 'ok' : (checked.error as { code: string }).code

describe('createStateCookie', () => {
  const make = () => createStateCookie({ secret, usedNonces: createUsedNonceCache() })

  it('seals a cookie (HttpOnly, SameSite=Lax; __Host- and Secure behind https) that opens once', async () => {
    const stateCookie = make()
    const line = await stateCookie.seal(request(), kept)
    expect(line).toMatch(/^lwa_state=[^;]+; /)
    expect(line).toContain('HttpOnly')
    expect(line).toContain('SameSite=Lax')
    expect(await stateCookie.seal(request('', true), kept)).toMatch(/^__Host-lwa_state=.*Secure/)
    expect(stateCookie.inProgress(request(pair(line)))).toBe(true)
    expect(stateCookie.inProgress(request())).toBe(false)

    const first = await stateCookie.check(request(pair(line)), 'the-state')
    expect(first.ok).toBe(true)
    if (first.ok) expect(first.state).toMatchObject(kept)
    expect(first.cookies).toHaveLength(1)
    expect(first.cookies[0]).toMatch(/^lwa_state=; .*Max-Age=0/)
    const again = await stateCookie.check(request(pair(line)), 'the-state')
    expect(codeOf(again)).toBe(LwaErrorCode.SealedState)
    expect(again.cookies).toHaveLength(1)
  })

  it('leaves the cookie alone for a state that differs (a forged callback ends nothing)', async () => {
    const stateCookie = make()
    const cookie = pair(await stateCookie.seal(request(), kept))
    const forged = await stateCookie.check(request(cookie), 'forged')
    expect(codeOf(forged)).toBe(LwaErrorCode.StateMismatch)
    expect(forged.cookies).toEqual([])
    // The sign-in in progress still completes.
    expect((await stateCookie.check(request(cookie), 'the-state')).ok).toBe(true)
  })

  it('refuses a missing cookie without clearing anything, and clears a tampered one', async () => {
    const stateCookie = make()
    const missing = await stateCookie.check(request(), 'the-state')
    expect(codeOf(missing)).toBe(LwaErrorCode.SealedState)
    expect(missing.cookies).toEqual([])
    const cookie = pair(await stateCookie.seal(request(), kept))
    const tampered = await stateCookie.check(request(`${cookie.slice(0, -4)}AAAA`), 'the-state')
    expect(codeOf(tampered)).toBe(LwaErrorCode.SealedState)
    expect(tampered.cookies).toHaveLength(1)
  })

  it('refuses a cookie sealed with another secret, and a short secret at once', async () => {
    const other = createStateCookie({ secret: `${secret}-other` })
    const cookie = pair(await other.seal(request(), kept))
    expect(codeOf(await make().check(request(cookie), 'the-state'))).toBe(LwaErrorCode.SealedState)
    expect(() => createStateCookie({ secret: 'short' })).toThrow()
  })
})
