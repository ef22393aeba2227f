// The adapter contract's sign-in cases: one list, run against every adapter's login and callback
// routes inside its real server, against the emulator. On success an adapter must redirect (3xx)
// to the sign-in's return path; on failure answer JSON `{ error: <code> }` (or, with
// `bodyCode: false`, only the status). The same case gets the same status and code everywhere.
import { openState, sealState } from '@lwa-kit/core'
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { approveAt, CookieJar } from './http.mjs'

/** The time budget each adapter gets for an LWA call during sign-in in these tests. */
export const SIGN_IN_TIMEOUT_MS = 1500

/** What LWA failing at the token or the profile endpoint during sign-in gives, in every adapter. */
export const SIGN_IN_FAULTS = [
  { kind: 'status', status: 500, answer: 502, code: 'LWA_SERVER_ERROR' },
  { kind: 'status', status: 503, answer: 502, code: 'LWA_SERVER_ERROR' },
  { kind: 'malformed', status: 200, answer: 502, code: 'LWA_MALFORMED_RESPONSE' },
  { kind: 'reset', status: 500, answer: 502, code: 'LWA_NETWORK_ERROR' },
  { kind: 'delay', status: 200, answer: 504, code: 'LWA_TIMEOUT' },
]

/** Return paths that try to leave the site: every one must end on a same-site path. */
export const OPEN_REDIRECTS = [
  '//evil.example',
  '///evil.example',
  '////evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '\\/evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r/evil.example',
  '/ /evil.example',
  'https://evil.example',
  'http://evil.example',
  'HTTPS://evil.example',
  'https:evil.example',
  'http:/evil.example',
  '//evil.example/%2e%2e',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'evil.example',
  '@evil.example',
  '/@evil.example',
  '//user@evil.example',
  '/%2F%2Fevil.example',
  '/%5Cevil.example',
  '%2F%2Fevil.example',
  '/\u3002evil.example',
  '//evil%E3%80%82example',
  '/\u2215\u2215evil.example',
  '\u0000//evil.example',
  ' //evil.example',
  '/.//evil.example',
  `/${'a'.repeat(3000)}`,
  '//127.0.0.1:1',
  '//[::1]',
]

/** A return path is same-site when it starts with one `/` and stays on the app's origin. */
function sameSite(location, appUrl) {
  if (!location || !location.startsWith('/') || location.startsWith('//')) return false
  return new URL(location, appUrl).origin === new URL(appUrl).origin
}

/**
 * Makes this browser's sign-in, kept in the adapter's state cookie, 11 minutes old: whichever
 * cookie opens as a sign-in state is sealed again as of then.
 */
async function expireStateCookie(jar, secret) {
  let expired = 0
  for (const [name, value] of jar.cookies) {
    const kept = await openState(decodeURIComponent(value), { secret }).catch(() => undefined)
    if (!kept) continue
    const old = await sealState(kept, {
      secret,
      maxAgeSeconds: 600,
      now: () => Date.now() - 11 * 60_000,
    })
    jar.cookies.set(name, encodeURIComponent(old))
    expired++
  }
  expect(expired).toBe(1)
}

/**
 * Runs the sign-in contract. `start(env)` builds the app (routes `login` and `callback`, with
 * `env.clientId`, `env.clientSecret`, `env.endpoints`, `env.secret`, scope `profile`, callback URL
 * `${url}${callback}`) and returns `{ url, close }`, and `expireSignIn(jar)` when the app keeps a
 * sign-in elsewhere than in a state cookie (a session): it makes that browser's sign-in expired.
 */
export function runSignInContract({ name, start, login, callback, bodyCode = true }) {
  describe(`sign-in contract: ${name}`, () => {
    let emulator
    let app
    const rejections = []
    const onRejection = (reason) => rejections.push(reason)

    beforeAll(async () => {
      process.on('unhandledRejection', onRejection)
      emulator = await startEmulator({ port: 0 })
      app = await start({
        clientId: DEMO.webClientId,
        clientSecret: DEMO.webClientSecret,
        endpoints: emulator.endpoints,
        secret: 'a-contract-secret-of-at-least-32-characters',
        callbackPath: callback,
        timeoutMs: SIGN_IN_TIMEOUT_MS,
        allowReturnUrl: (url) => emulator.allowReturnUrl(url),
      })
    })
    afterEach(() => emulator.clearFaults())
    afterAll(async () => {
      process.off('unhandledRejection', onRejection)
      await app?.close()
      await emulator?.close()
    })

    /** Starts a sign-in; returns the jar and the callback URL the emulator would send back. */
    const begin = async (returnTo, decision = 'allow', jar = new CookieJar()) => {
      const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`
      const res = await jar.get(`${app.url}${login}${query}`)
      expect(res.status).toBe(302)
      return { jar, callbackUrl: approveAt(emulator, res.headers.get('location'), decision) }
    }
    const expectRefused = async (res, status, code) => {
      const text = await res.text()
      expect(res.status, text.slice(0, 200)).toBe(status)
      if (bodyCode) expect(JSON.parse(text)).toMatchObject({ error: code })
      expect(text).not.toMatch(/Atz[ar]\||\bat \S+:\d+:\d+|node_modules/)
      expect(rejections).toEqual([])
    }
    const expectSignedIn = (res, returnTo = '/') => {
      expect(res.status).toBeGreaterThanOrEqual(300)
      expect(res.status).toBeLessThan(400)
      expect(res.headers.get('location')).toBe(returnTo)
    }
    const withQuery = (url, edit) => {
      const u = new URL(url)
      edit(u.searchParams)
      return u.toString()
    }

    it('signs in and returns to the path it started from', async () => {
      const { jar, callbackUrl } = await begin('/library?tab=1')
      expectSignedIn(await jar.get(callbackUrl), '/library?tab=1')
    })

    it(`never returns off the site (${OPEN_REDIRECTS.length} open-redirect payloads)`, async () => {
      for (const payload of OPEN_REDIRECTS) {
        const { jar, callbackUrl } = await begin(payload)
        const res = await jar.get(callbackUrl)
        expect(res.status, JSON.stringify(payload)).toBeGreaterThanOrEqual(300)
        expect(sameSite(res.headers.get('location'), app.url), JSON.stringify(payload)).toBe(true)
      }
    })

    it('Cancel on Amazon: 403 LWA_ACCESS_DENIED', async () => {
      const { jar, callbackUrl } = await begin(undefined, 'deny')
      await expectRefused(await jar.get(callbackUrl), 403, 'LWA_ACCESS_DENIED')
    })

    it('a tampered state: 400 LWA_STATE_MISMATCH, and the genuine callback still signs in', async () => {
      const { jar, callbackUrl } = await begin()
      const tampered = withQuery(callbackUrl, (q) => q.set('state', 'x'.repeat(43)))
      await expectRefused(await jar.get(tampered), 400, 'LWA_STATE_MISMATCH')
      expectSignedIn(await jar.get(callbackUrl))
    })

    it('a forged ?error=access_denied without state: 400 LWA_STATE_MISMATCH, the sign-in survives', async () => {
      const { jar, callbackUrl } = await begin()
      const forged = `${app.url}${callback}?error=access_denied`
      await expectRefused(
        await jar.get(forged, { 'sec-fetch-site': 'cross-site' }),
        400,
        'LWA_STATE_MISMATCH',
      )
      expectSignedIn(await jar.get(callbackUrl))
    })

    it('a replayed callback (the cookie and the code again): 400 LWA_SEALED_STATE_INVALID', async () => {
      const { jar, callbackUrl } = await begin()
      const saved = new Map(jar.cookies)
      expectSignedIn(await jar.get(callbackUrl))
      jar.cookies.clear()
      for (const [k, v] of saved) jar.cookies.set(k, v)
      await expectRefused(await jar.get(callbackUrl), 400, 'LWA_SEALED_STATE_INVALID')
    })

    it("another browser's callback (a foreign state): 400 LWA_STATE_MISMATCH", async () => {
      const mine = await begin()
      const theirs = await begin()
      await expectRefused(await mine.jar.get(theirs.callbackUrl), 400, 'LWA_STATE_MISMATCH')
    })

    it('a callback without the state cookie: 400 LWA_SEALED_STATE_INVALID', async () => {
      const { callbackUrl } = await begin()
      await expectRefused(await new CookieJar().get(callbackUrl), 400, 'LWA_SEALED_STATE_INVALID')
    })

    it('a callback with no parameters: 400 LWA_STATE_MISMATCH (the browser, not LWA)', async () => {
      const { jar } = await begin()
      await expectRefused(await jar.get(`${app.url}${callback}`), 400, 'LWA_STATE_MISMATCH')
    })

    it('state given twice: 400 LWA_STATE_MISMATCH', async () => {
      const { jar, callbackUrl } = await begin()
      const state = new URL(callbackUrl).searchParams.get('state')
      const twice = withQuery(callbackUrl, (q) => q.append('state', state))
      await expectRefused(await jar.get(twice), 400, 'LWA_STATE_MISMATCH')
    })

    it('code given twice (the state right): 400 LWA_INVALID_REQUEST, not a 502', async () => {
      const { jar, callbackUrl } = await begin()
      const code = new URL(callbackUrl).searchParams.get('code')
      const twice = withQuery(callbackUrl, (q) => q.append('code', code))
      await expectRefused(await jar.get(twice), 400, 'LWA_INVALID_REQUEST')
    })

    it('an expired state (this sign-in, begun 11 minutes ago): 400 LWA_SEALED_STATE_INVALID, no code exchange', async () => {
      const { jar, callbackUrl } = await begin()
      if (app.expireSignIn) await app.expireSignIn(jar)
      else await expireStateCookie(jar, 'a-contract-secret-of-at-least-32-characters')
      const exchanges = () => emulator.requests().filter((r) => r.endpoint === 'token').length
      const before = exchanges()
      await expectRefused(await jar.get(callbackUrl), 400, 'LWA_SEALED_STATE_INVALID')
      expect(exchanges()).toBe(before)
    })

    it('an oversized code (4 KB, the state right): 400 LWA_INVALID_REQUEST, LWA never asked', async () => {
      const { jar, callbackUrl } = await begin()
      const exchanges = () => emulator.requests().filter((r) => r.endpoint === 'token').length
      const before = exchanges()
      const big = withQuery(callbackUrl, (q) => q.set('code', 'A'.repeat(4096)))
      await expectRefused(await jar.get(big), 400, 'LWA_INVALID_REQUEST')
      expect(exchanges()).toBe(before)
    })

    it('an oversized state (4 KB): 400 LWA_STATE_MISMATCH', async () => {
      const { jar, callbackUrl } = await begin()
      const big = withQuery(callbackUrl, (q) => q.set('state', 's'.repeat(4096)))
      await expectRefused(await jar.get(big), 400, 'LWA_STATE_MISMATCH')
    })

    it('a callback URL past Node’s header limit (20 KB): refused with a 4xx, the server lives on', async () => {
      const { jar, callbackUrl } = await begin()
      const huge = withQuery(callbackUrl, (q) => q.set('pad', 'p'.repeat(20_000)))
      const res = await jar.get(huge)
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
      expect(await res.text()).not.toMatch(/Atz[ar]\||\bat \S+:\d+:\d+|node_modules/)
      expectSignedIn(await jar.get(callbackUrl))
    })

    for (const endpoint of ['token', 'profile'])
      for (const f of SIGN_IN_FAULTS)
        it(`LWA's ${endpoint} endpoint fails (${f.kind}${f.kind === 'status' ? ` ${f.status}` : ''}): ${f.answer} ${f.code}, nothing leaks, the server lives on`, async () => {
          const { jar, callbackUrl } = await begin()
          emulator.injectFault({
            endpoint,
            kind: f.kind,
            status: f.status,
            delayMs: SIGN_IN_TIMEOUT_MS * 3,
            times: 10,
          })
          await expectRefused(await jar.get(callbackUrl), f.answer, f.code)
          emulator.clearFaults()
          const again = await begin()
          expectSignedIn(await again.jar.get(again.callbackUrl))
        })

    it('a cross-site GET to login while a sign-in is in progress: 403, the sign-in survives', async () => {
      const { jar, callbackUrl } = await begin()
      const res = await jar.get(`${app.url}${login}`, { 'sec-fetch-site': 'cross-site' })
      await expectRefused(res, 403, 'LWA_CROSS_SITE_REQUEST')
      expectSignedIn(await jar.get(callbackUrl))
    })
  })
}
