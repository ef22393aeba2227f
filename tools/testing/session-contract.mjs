// The adapter contract's session cases: sign-out is POST only and same-site only, and ends every
// copy of the session cookie. Run against every adapter that keeps a session (lwaAuth).
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveAt, CookieJar } from './http.mjs'

/**
 * `start(env)` builds the app (as for the sign-in contract) with `GET /me` answering
 * `{ user: <Amazon user id or null> }` from the adapter's session, and returns `{ url, close }`.
 * With `end`, the app also has `POST <end>`, a route of its own that ends the session through the
 * adapter's call for that (as after a revoked grant) and answers 204.
 */
export function runSessionContract({ name, start, login, callback, logout, end }) {
  describe(`session contract: ${name}`, () => {
    let emulator
    let app
    beforeAll(async () => {
      emulator = await startEmulator({ port: 0 })
      app = await start({
        clientId: DEMO.webClientId,
        clientSecret: DEMO.webClientSecret,
        endpoints: emulator.endpoints,
        secret: 'a-contract-secret-of-at-least-32-characters',
        callbackPath: callback,
        allowReturnUrl: (url) => emulator.allowReturnUrl(url),
      })
    })
    afterAll(async () => {
      await app?.close()
      await emulator?.close()
    })

    const signIn = async (jar = new CookieJar()) => {
      const res = await jar.get(`${app.url}${login}`)
      const back = await jar.get(approveAt(emulator, res.headers.get('location')))
      expect(back.status).toBe(303)
      return jar
    }
    const whoami = async (jar) => (await (await jar.get(`${app.url}/me`)).json()).user
    const sameOrigin = () => ({ origin: app.url, 'sec-fetch-site': 'same-origin' })

    it('signs out with a same-site POST', async () => {
      const jar = await signIn()
      expect(await whoami(jar)).toBe(DEMO.users.alice.userId)
      const out = await jar.fetch(`${app.url}${logout}`, { method: 'POST', headers: sameOrigin() })
      expect(out.status).toBe(303)
      expect(await whoami(jar)).toBeNull()
    })

    it('refuses a cross-site sign-out (403 LWA_CROSS_SITE_REQUEST) and a GET (405)', async () => {
      const jar = await signIn()
      for (const headers of [
        { 'sec-fetch-site': 'cross-site' },
        { origin: 'https://evil.example' },
        { origin: 'null' },
      ]) {
        const res = await jar.fetch(`${app.url}${logout}`, { method: 'POST', headers })
        expect(res.status, JSON.stringify(headers)).toBe(403)
        expect(await res.json()).toMatchObject({ error: 'LWA_CROSS_SITE_REQUEST' })
      }
      const get = await jar.get(`${app.url}${logout}`)
      expect(get.status).toBe(405)
      expect(get.headers.get('allow')).toBe('POST')
      expect(await whoami(jar)).toBe(DEMO.users.alice.userId)
    })

    it('a copy of the session cookie made before sign-out is signed out too', async () => {
      const jar = await signIn()
      const copy = new CookieJar()
      for (const [k, v] of jar.cookies) copy.cookies.set(k, v)
      expect(await whoami(copy)).toBe(DEMO.users.alice.userId)
      await jar.fetch(`${app.url}${logout}`, { method: 'POST', headers: sameOrigin() })
      expect(await whoami(copy)).toBeNull()
      // Signing in again (the same user, another browser) does not revive the copy.
      await signIn()
      expect(await whoami(copy)).toBeNull()
    })

    // Only adapters with a call for it (not a skipped case elsewhere).
    if (end !== undefined)
      it('the app ends a session (a revoked grant): every copy is signed out, the cookie cleared', async () => {
        const jar = await signIn()
        const copy = new CookieJar()
        for (const [k, v] of jar.cookies) copy.cookies.set(k, v)
        const other = await signIn()
        const res = await jar.fetch(`${app.url}${end}`, { method: 'POST', headers: sameOrigin() })
        expect(res.status).toBe(204)
        expect(res.headers.getSetCookie().some((line) => /Max-Age=0/i.test(line))).toBe(true)
        expect(await whoami(jar)).toBeNull()
        expect(await whoami(copy)).toBeNull()
        expect(await whoami(other)).toBe(DEMO.users.alice.userId)
      })

    it('each sign-in is a new session: signing out one leaves the other', async () => {
      const first = await signIn()
      const second = await signIn()
      await first.fetch(`${app.url}${logout}`, { method: 'POST', headers: sameOrigin() })
      expect(await whoami(first)).toBeNull()
      expect(await whoami(second)).toBe(DEMO.users.alice.userId)
    })
  })
}
