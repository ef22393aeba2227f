// The adapter contract for providers whose framework owns the sign-in routes (next-auth v4 and
// Auth.js): the framework answers the callback, checks its own state cookie and issues its own
// session, so its status codes and error pages are the framework's, not core's table. What every
// such adapter must still give is the outcome: the same attack and fault cases as the sign-in and
// session contracts, each of which must end signed out (or still signed in, where the case says
// so), on the app's own origin, with no 5xx, no token or stack trace in the answer, and no
// unhandled rejection.
//
// Runs against next-auth v4, Auth.js and Better Auth. Cases of the other contracts that do not
// apply here, and why:
// - an expired state and a replayed state cookie: the framework seals and times its own state
//   cookie (a replay still fails, at LWA, since a code is single use: tested below);
// - a copy of the session cookie after sign-out, unless `serverSessions: true`: a JWT session has
//   no server-side handle, so next-auth cannot end copies of it (its database sessions can;
//   documented in its README); Better Auth's sessions are rows, so it runs that case;
// - a token issued to another client at a bearer check, and an app that answered first: these
//   adapters have no bearer route and never write to a response themselves.
//
//   runFrameworkSignInContract({ name: 'next-auth v4', start: async (env) => ({ url, close, ... }) })
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { approveAt, CookieJar } from './http.mjs'
import { OPEN_REDIRECTS, SIGN_IN_FAULTS, SIGN_IN_TIMEOUT_MS } from './sign-in-contract.mjs'

const LEAK = /Atz[ar]\||\bat \S+:\d+:\d+|node_modules|client_secret|amzn1\.oa2-cs\./

/**
 * Runs the framework-owned sign-in contract against one adapter. `start(env)` builds the app with
 * the Amazon provider (`env.clientId`, `env.clientSecret`, `env.endpoints`, `env.secret` as the
 * framework's secret, `env.timeoutMs` as the provider's time budget) and returns `{ url, close,
 * callbackPath, login, loginLink, user, session, signOut }` (see framework-sign-in-contract.d.mts).
 */
export function runFrameworkSignInContract({ name, start, serverSessions = false }) {
  describe(`framework sign-in contract: ${name}`, () => {
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
        timeoutMs: SIGN_IN_TIMEOUT_MS,
        allowReturnUrl: (url) => emulator.allowReturnUrl(url),
      })
    })
    afterEach(() => {
      emulator.clearFaults()
      expect(rejections).toEqual([])
    })
    afterAll(async () => {
      process.off('unhandledRejection', onRejection)
      await app?.close()
      await emulator?.close()
    })

    const alice = DEMO.users.alice.email
    /** Starts a sign-in the framework's way; returns the jar and the callback URL LWA would send. */
    const begin = async (returnTo, decision = 'allow', jar = new CookieJar()) => {
      const started = await app.login(jar, returnTo)
      if (!started.authorizeUrl) throw new Error(`the sign-in start answered ${started.status}`)
      return { jar, callbackUrl: approveAt(emulator, started.authorizeUrl, decision) }
    }
    const onSite = (res) => {
      const location = res.headers.get('location')
      return location === null || new URL(location, app.url).origin === new URL(app.url).origin
    }
    /** The callback was refused: no 5xx, nothing leaks, it stays on the site, nobody signed in. */
    const expectRefused = async (res, jar) => {
      const text = await res.text()
      expect(res.status, text.slice(0, 200)).toBeLessThan(500)
      expect(res.status).not.toBe(200)
      expect(text).not.toMatch(LEAK)
      expect(res.headers.get('location') ?? '').not.toMatch(LEAK)
      expect(onSite(res), res.headers.get('location') ?? '').toBe(true)
      expect(await app.user(jar)).toBeUndefined()
    }
    const expectSignedIn = async (res, jar, returnTo) => {
      expect(res.status, (await res.clone().text()).slice(0, 200)).toBeGreaterThanOrEqual(300)
      expect(res.status).toBeLessThan(400)
      const location = new URL(res.headers.get('location') ?? '', app.url)
      expect(location.origin).toBe(new URL(app.url).origin)
      if (returnTo !== undefined) expect(location.pathname + location.search).toBe(returnTo)
      expect(await app.user(jar)).toBe(alice)
    }
    const withQuery = (url, edit) => {
      const u = new URL(url)
      edit(u.searchParams)
      return u.toString()
    }
    const exchanges = () => emulator.requests().filter((r) => r.endpoint === 'token').length

    it('signs in and returns to the path it started from', async () => {
      const { jar, callbackUrl } = await begin('/library?tab=1')
      await expectSignedIn(await jar.get(callbackUrl), jar, '/library?tab=1')
    })

    it(`never returns off the site (${OPEN_REDIRECTS.length} open-redirect payloads)`, async () => {
      for (const payload of OPEN_REDIRECTS) {
        const jar = new CookieJar()
        const started = await app.login(jar, payload)
        if (!started.authorizeUrl) {
          // Refused at the start (the framework checks the return path there): a 4xx is an answer.
          expect(started.status, JSON.stringify(payload)).toBeGreaterThanOrEqual(400)
          expect(started.status, JSON.stringify(payload)).toBeLessThan(500)
          continue
        }
        const res = await jar.get(approveAt(emulator, started.authorizeUrl))
        expect(res.status, JSON.stringify(payload)).toBeGreaterThanOrEqual(300)
        expect(res.status, JSON.stringify(payload)).toBeLessThan(400)
        expect(onSite(res), `${JSON.stringify(payload)} → ${res.headers.get('location')}`).toBe(
          true,
        )
      }
    })

    it('Cancel on Amazon: refused, nobody signed in', async () => {
      const { jar, callbackUrl } = await begin(undefined, 'deny')
      await expectRefused(await jar.get(callbackUrl), jar)
    })

    it('a tampered state: refused, no code exchange', async () => {
      const { jar, callbackUrl } = await begin()
      const before = exchanges()
      const tampered = withQuery(callbackUrl, (q) => q.set('state', 'x'.repeat(43)))
      await expectRefused(await jar.get(tampered), jar)
      expect(exchanges()).toBe(before)
    })

    it('a forged cross-site ?error=access_denied: nobody signed in, no code exchange', async () => {
      const { jar } = await begin()
      const before = exchanges()
      const forged = `${app.url}${app.callbackPath}?error=access_denied`
      await expectRefused(await jar.get(forged, { 'sec-fetch-site': 'cross-site' }), jar)
      expect(exchanges()).toBe(before)
    })

    it('a replayed callback (the cookies and the code again): refused', async () => {
      const { jar, callbackUrl } = await begin()
      const saved = new Map(jar.cookies)
      await expectSignedIn(await jar.get(callbackUrl), jar)
      jar.cookies.clear()
      for (const [k, v] of saved) jar.cookies.set(k, v)
      await expectRefused(await jar.get(callbackUrl), jar)
    })

    it("another browser's callback (a foreign state): refused", async () => {
      const mine = await begin()
      const theirs = await begin()
      await expectRefused(await mine.jar.get(theirs.callbackUrl), mine.jar)
    })

    it('a callback without the state cookies: refused, no code exchange', async () => {
      const { callbackUrl } = await begin()
      const before = exchanges()
      const stranger = new CookieJar()
      await expectRefused(await stranger.get(callbackUrl), stranger)
      expect(exchanges()).toBe(before)
    })

    it('a callback with no parameters: refused', async () => {
      const { jar } = await begin()
      await expectRefused(await jar.get(`${app.url}${app.callbackPath}`), jar)
    })

    // The framework parses the callback's query itself (some keep the first value, some the last),
    // so a repeated parameter is its call: never a 5xx, nothing leaks, nobody else signed in.
    for (const name of ['state', 'code'])
      it(`${name} given twice: no 5xx, nothing leaks, only the approving user can be signed in`, async () => {
        const { jar, callbackUrl } = await begin()
        const value = new URL(callbackUrl).searchParams.get(name)
        const res = await jar.get(withQuery(callbackUrl, (q) => q.append(name, value)))
        const text = await res.text()
        expect(res.status, text.slice(0, 200)).toBeLessThan(500)
        expect(text).not.toMatch(LEAK)
        expect(onSite(res), res.headers.get('location') ?? '').toBe(true)
        expect([undefined, alice]).toContain(await app.user(jar))
      })

    it('an oversized code (4 KB, the state right): refused, LWA never asked', async () => {
      const { jar, callbackUrl } = await begin()
      const before = exchanges()
      const big = withQuery(callbackUrl, (q) => q.set('code', 'A'.repeat(4096)))
      await expectRefused(await jar.get(big), jar)
      expect(exchanges()).toBe(before)
    })

    it('an oversized state (4 KB): refused', async () => {
      const { jar, callbackUrl } = await begin()
      await expectRefused(
        await jar.get(withQuery(callbackUrl, (q) => q.set('state', 's'.repeat(4096)))),
        jar,
      )
    })

    it('a callback URL past Node’s header limit (20 KB): a 4xx, the server lives on', async () => {
      const { jar, callbackUrl } = await begin()
      const res = await jar.get(withQuery(callbackUrl, (q) => q.set('pad', 'p'.repeat(20_000))))
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
      expect(await res.text()).not.toMatch(LEAK)
      await expectSignedIn(await jar.get(callbackUrl), jar)
    })

    for (const endpoint of ['token', 'profile'])
      for (const f of SIGN_IN_FAULTS)
        it(`LWA's ${endpoint} endpoint fails (${f.kind}${f.kind === 'status' ? ` ${f.status}` : ''}): refused, nothing leaks, the next sign-in works`, async () => {
          const { jar, callbackUrl } = await begin()
          emulator.injectFault({
            endpoint,
            kind: f.kind,
            status: f.status,
            delayMs: SIGN_IN_TIMEOUT_MS * 3,
            times: 10,
          })
          await expectRefused(await jar.get(callbackUrl), jar)
          emulator.clearFaults()
          const again = await begin()
          await expectSignedIn(await again.jar.get(again.callbackUrl), again.jar)
        })

    it('a cross-site link to the login route does not replace the sign-in in progress', async () => {
      const { jar, callbackUrl } = await begin()
      const res = await jar.get(app.loginLink, { 'sec-fetch-site': 'cross-site' })
      expect(res.status).toBeLessThan(500)
      await expectSignedIn(await jar.get(callbackUrl), jar)
    })

    it('the access token never reaches browser JavaScript by default', async () => {
      const { jar, callbackUrl } = await begin()
      await expectSignedIn(await jar.get(callbackUrl), jar)
      const session = await app.session(jar)
      expect(session?.user?.email).toBe(DEMO.users.alice.email)
      expect(JSON.stringify(session)).not.toMatch(/Atz[ar]\|/)
    })

    it('signs out with a same-site POST; a cross-site one leaves the session', async () => {
      const { jar, callbackUrl } = await begin()
      await expectSignedIn(await jar.get(callbackUrl), jar)
      const cross = await app.signOut(jar, { crossSite: true })
      expect(cross.status).toBeLessThan(500)
      expect(await app.user(jar)).toBe(alice)
      const same = await app.signOut(jar, { crossSite: false })
      expect(same.status).toBeLessThan(500)
      expect(await app.user(jar)).toBeUndefined()
    })

    if (serverSessions)
      it('a copy of the session cookie made before sign-out is signed out too', async () => {
        const { jar, callbackUrl } = await begin()
        await expectSignedIn(await jar.get(callbackUrl), jar)
        const copy = new CookieJar()
        for (const [k, v] of jar.cookies) copy.cookies.set(k, v)
        await app.signOut(jar, { crossSite: false })
        expect(await app.user(jar)).toBeUndefined()
        expect(await app.user(copy)).toBeUndefined()
      })

    it('each sign-in is its own session: signing out one leaves the other', async () => {
      const one = await begin()
      await expectSignedIn(await one.jar.get(one.callbackUrl), one.jar)
      const two = await begin()
      await expectSignedIn(await two.jar.get(two.callbackUrl), two.jar)
      await app.signOut(one.jar, { crossSite: false })
      expect(await app.user(one.jar)).toBeUndefined()
      expect(await app.user(two.jar)).toBe(alice)
    })
  })
}
