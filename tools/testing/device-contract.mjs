// The adapter contract's device-linking cases (core's createDeviceLinking behind every adapter):
// off by default, start POST only and same-site only, a status request asks LWA at most once and
// never before the pair's interval, slow_down doubles it, a bad pending cookie is refused, linked
// signs the browser in, a hostile verification_uri is LWA's malformed answer, and anonymous starts
// leave nothing behind on the server; a pair linked after the app answered first keeps its tokens
// only under a key the app can find again. The same case gets the same status and code everywhere.
import { MemoryTokenStore, sealValue } from '@lwa-kit/core'
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ANSWER_FIRST_MS, answerFirst } from './adapter-contract.mjs'
import { CookieJar } from './http.mjs'

const SECRET = 'a-device-contract-secret-of-32-characters'
/** The pending pair's sealing purpose (core's device linking). */
const PURPOSE = 'lwa-kit/web/device-linking'
// Two seconds: a `too_soon` answer must come back within the interval even on a loaded machine.
const INTERVAL_SECONDS = 2
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
/** A little more than the interval, so the next status request may ask LWA. */
const afterInterval = (seconds = INTERVAL_SECONDS) => sleep(seconds * 1000 + 150)

/**
 * `start(env)` builds the app with device linking on when `env.device` is true (off otherwise),
 * using `env.clientId`/`env.clientSecret`/`env.endpoints`/`env.secret`, the device routes at
 * `startPath` and `statusPath`, and `GET /me` answering `{ user: <Amazon user id or null> }` from
 * the adapter's session; with `env.answerFirst`, its `middleware` runs before everything (a
 * request-timeout middleware that answers first) and the app keeps tokens in `env.store`. It
 * returns `{ url, close, tokensByUserId }` (see device-contract.d.mts).
 */
export function runDeviceContract({ name, start, startPath, statusPath }) {
  describe(`device-linking contract: ${name}`, () => {
    let emulator
    let app
    const env = (endpoints, device = true) => ({
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      endpoints,
      secret: SECRET,
      device,
    })
    beforeAll(async () => {
      emulator = await startEmulator({
        port: 0,
        options: { codePairIntervalSeconds: INTERVAL_SECONDS },
      })
      app = await start(env(emulator.endpoints))
    })
    afterAll(async () => {
      await app?.close()
      await emulator?.close()
    })
    beforeEach(() => {
      emulator.reset()
      emulator.clearFaults()
      emulator.clearRequests()
    })

    const polls = () => emulator.requests().filter((r) => r.grant_type === 'device_code').length
    const codePairs = () => emulator.requests().filter((r) => r.endpoint === 'codepair').length
    const sameSite = () => ({
      accept: 'application/json',
      origin: app.url,
      'sec-fetch-site': 'same-origin',
    })
    const begin = async (jar = new CookieJar()) => {
      const res = await jar.fetch(`${app.url}${startPath}`, { method: 'POST', headers: sameSite() })
      expect(res.status).toBe(201)
      return { jar, started: await res.json() }
    }
    const status = async (jar) => {
      const res = await jar.get(`${app.url}${statusPath}`, { accept: 'application/json' })
      return { res, body: await res.json() }
    }
    const whoami = async (jar) => (await (await jar.get(`${app.url}/me`)).json()).user

    it('is off unless the app turns it on (404)', async () => {
      const off = await start(env(emulator.endpoints, false))
      try {
        const jar = new CookieJar()
        const res = await jar.fetch(`${off.url}${startPath}`, {
          method: 'POST',
          headers: { origin: off.url, accept: 'application/json' },
        })
        expect(res.status).toBe(404)
        expect((await jar.get(`${off.url}${statusPath}`)).status).toBe(404)
        expect(codePairs()).toBe(0)
      } finally {
        await off.close()
      }
    })

    it('start answers 201 with the code, ISO times and no device code; the pair in an HttpOnly cookie', async () => {
      const jar = new CookieJar()
      const res = await jar.fetch(`${app.url}${startPath}`, { method: 'POST', headers: sameSite() })
      expect(res.status).toBe(201)
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      const text = await res.text()
      expect(text).not.toMatch(/device_?code/i)
      const body = JSON.parse(text)
      expect(body).toMatchObject({
        status: 'pending',
        reason: 'started',
        interval: INTERVAL_SECONDS,
      })
      expect(body.userCode).toMatch(/^[A-Z0-9]{6}$/)
      expect(new Date(body.expiresAt).toISOString()).toBe(body.expiresAt)
      expect(new Date(body.retryAt).toISOString()).toBe(body.retryAt)
      expect(jar.lines.find((l) => l.startsWith('lwa_device='))).toMatch(/; HttpOnly; SameSite=Lax/)
    })

    it('start is POST only (405) and refuses cross-site requests (403), asking LWA nothing', async () => {
      const jar = new CookieJar()
      const get = await jar.get(`${app.url}${startPath}`, { accept: 'application/json' })
      expect(get.status).toBe(405)
      expect(get.headers.get('allow')).toBe('POST')
      expect(await get.json()).toMatchObject({ error: 'LWA_METHOD_NOT_ALLOWED' })
      for (const headers of [
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
        { origin: 'https://evil.example' },
        { origin: 'null' },
      ]) {
        const res = await jar.fetch(`${app.url}${startPath}`, {
          method: 'POST',
          headers: { accept: 'application/json', ...headers },
        })
        expect(res.status, JSON.stringify(headers)).toBe(403)
        expect(await res.json()).toMatchObject({ error: 'LWA_CROSS_SITE_REQUEST' })
      }
      expect(codePairs()).toBe(0)
      expect(jar.cookies.has('lwa_device')).toBe(false)
    })

    it('a status request before the interval asks LWA nothing; after it, exactly once', async () => {
      const { jar, started } = await begin()
      const early = await status(jar)
      expect(early.res.status).toBe(200)
      expect(early.body).toMatchObject({ status: 'pending', reason: 'too_soon' })
      expect(early.body.userCode).toBe(started.userCode)
      expect(polls()).toBe(0)
      await afterInterval()
      expect((await status(jar)).body).toMatchObject({
        status: 'pending',
        reason: 'authorization_pending',
      })
      expect(polls()).toBe(1)
      expect((await status(jar)).body.reason).toBe('too_soon')
      expect((await status(jar)).body.reason).toBe('too_soon')
      expect(polls()).toBe(1)
      await afterInterval()
      expect((await status(jar)).body.reason).toBe('authorization_pending')
      expect(polls()).toBe(2)
    })

    it('slow_down doubles the interval kept in the cookie', async () => {
      const { jar } = await begin()
      await afterInterval()
      emulator.injectFault({ endpoint: 'token', kind: 'status', status: 429, times: 1 })
      const slow = await status(jar)
      expect(slow.body).toMatchObject({
        status: 'pending',
        reason: 'slow_down',
        interval: 2 * INTERVAL_SECONDS,
      })
      expect(polls()).toBe(1)
      await afterInterval() // one interval later: the doubled one has not passed
      expect((await status(jar)).body.reason).toBe('too_soon')
      expect(polls()).toBe(1)
      await afterInterval()
      expect((await status(jar)).body.reason).toBe('authorization_pending')
      expect(polls()).toBe(2)
    })

    it('refuses a missing, tampered, foreign or expired pending cookie (400 LWA_SEALED_STATE_INVALID)', async () => {
      const { jar } = await begin()
      const good = jar.cookies.get('lwa_device')
      const pending = {
        d: 'a-device-code',
        u: 'ABC123',
        v: 'https://amazon.com/us/code',
        e: Date.now() + 600_000,
        i: INTERVAL_SECONDS,
        n: 0,
        s: ['profile'],
      }
      const foreign = await sealValue(pending, {
        secret: 'another-apps-secret-of-at-least-32-chars!',
        maxAgeSeconds: 600,
        purpose: PURPOSE,
      })
      const expired = await sealValue(pending, {
        secret: SECRET,
        maxAgeSeconds: 60,
        purpose: PURPOSE,
        now: () => Date.now() - 3600_000,
      })
      const otherPurpose = await sealValue(pending, {
        secret: SECRET,
        maxAgeSeconds: 600,
        purpose: 'lwa-kit/web-session',
      })
      const tampered = `${good.slice(0, -6)}${good.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`
      for (const value of [undefined, tampered, foreign, expired, otherPurpose]) {
        const bad = new CookieJar()
        if (value) bad.cookies.set('lwa_device', value)
        const { res, body } = await status(bad)
        expect(res.status, String(value).slice(0, 12)).toBe(400)
        expect(body).toMatchObject({ status: 'none', error: 'LWA_SEALED_STATE_INVALID' })
        expect(res.headers.get('cache-control')).toBe('no-store')
      }
      expect(polls()).toBe(0)
    })

    it('linked signs the browser in: a session that works on a protected route', async () => {
      const { jar, started } = await begin()
      expect(await whoami(jar)).toBeNull()
      emulator.approveDevice({ userCode: started.userCode, userId: DEMO.users.alice.userId })
      await afterInterval()
      const linked = await status(jar)
      expect(linked.res.status).toBe(200)
      expect(linked.body).toMatchObject({
        status: 'linked',
        user: { id: DEMO.users.alice.userId, name: DEMO.users.alice.name },
      })
      expect(JSON.stringify(linked.body)).not.toContain('Atz')
      expect(linked.res.headers.get('cache-control')).toBe('no-store')
      expect(jar.cookies.has('lwa_device')).toBe(false)
      expect(polls()).toBe(1)
      expect(await whoami(jar)).toBe(DEMO.users.alice.userId)
      // The pair is used up: asking again finds nothing pending.
      expect((await status(jar)).res.status).toBe(400)
    })

    it('denied is 403 LWA_DEVICE_AUTHORIZATION_DENIED, expired 410 LWA_CODE_PAIR_EXPIRED; both clear the pair', async () => {
      const denied = await begin()
      emulator.approveDevice({
        userCode: denied.started.userCode,
        userId: DEMO.users.alice.userId,
        decision: 'deny',
      })
      await afterInterval()
      const no = await status(denied.jar)
      expect(no.res.status).toBe(403)
      expect(no.body).toMatchObject({ status: 'denied', error: 'LWA_DEVICE_AUTHORIZATION_DENIED' })
      expect(denied.jar.cookies.has('lwa_device')).toBe(false)
      expect(await whoami(denied.jar)).toBeNull()

      const late = await begin()
      emulator.advanceClock(601) // the pair expired at LWA
      await afterInterval()
      const gone = await status(late.jar)
      expect(gone.res.status).toBe(410)
      expect(gone.body).toMatchObject({ status: 'expired', error: 'LWA_CODE_PAIR_EXPIRED' })
      expect(late.jar.cookies.has('lwa_device')).toBe(false)
    })

    it('keeps the pair pending while LWA fails (one call per status request)', async () => {
      const { jar } = await begin()
      emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503 })
      await afterInterval()
      expect((await status(jar)).body).toMatchObject({ status: 'pending', reason: 'retry' })
      expect(polls()).toBe(1)
    })

    it('answers a failed code pair request from the error table (502 LWA_SERVER_ERROR)', async () => {
      emulator.injectFault({ endpoint: 'codepair', kind: 'status', status: 500, times: 10 })
      const jar = new CookieJar()
      const res = await jar.fetch(`${app.url}${startPath}`, { method: 'POST', headers: sameSite() })
      expect(res.status).toBe(502)
      expect(await res.json()).toMatchObject({ error: 'LWA_SERVER_ERROR' })
      expect(jar.cookies.has('lwa_device')).toBe(false)
    })

    it('a verification_uri that is not https is 502 LWA_MALFORMED_RESPONSE, never shown', async () => {
      const hostile = await startEmulator({
        port: 0,
        options: { verificationUri: 'javascript:alert(document.cookie)' },
      })
      const other = await start(env(hostile.endpoints))
      try {
        const jar = new CookieJar()
        const res = await jar.fetch(`${other.url}${startPath}`, {
          method: 'POST',
          headers: { accept: 'application/json', origin: other.url },
        })
        const text = await res.text()
        expect(res.status).toBe(502)
        expect(JSON.parse(text)).toMatchObject({ error: 'LWA_MALFORMED_RESPONSE' })
        expect(text).not.toContain('javascript')
        expect(jar.cookies.has('lwa_device')).toBe(false)
      } finally {
        await other.close()
        await hostile.close()
      }
    })

    it('the app answered first (a timeout middleware) while linking: nothing writes again, no unhandled rejection', async () => {
      const first = answerFirst()
      const rejections = []
      const onRejection = (reason) => rejections.push(reason)
      process.on('unhandledRejection', onRejection)
      const store = new MemoryTokenStore()
      const slow = await start({ ...env(emulator.endpoints), answerFirst: first, store })
      try {
        const jar = new CookieJar()
        const started = await jar.fetch(`${slow.url}${startPath}`, {
          method: 'POST',
          headers: { accept: 'application/json', origin: slow.url },
        })
        expect(started.status).toBe(201)
        const { userCode } = await started.json()
        emulator.approveDevice({ userCode, userId: DEMO.users.alice.userId })
        await afterInterval()
        emulator.injectFault({ endpoint: 'token', kind: 'delay', delayMs: ANSWER_FIRST_MS + 150 })
        const res = await jar.get(`${slow.url}${statusPath}`, { accept: 'application/json' })
        expect(res.status).toBe(503)
        expect(await res.json()).toEqual({ error: 'timeout' })
        await sleep(600)
        expect(first.state.late).toEqual([])
        expect(rejections).toEqual([])
        // Core's rule (keepSignInTokens): kept under the user id, which the app finds without this
        // response; not kept when their only key is a session handle this response would deliver.
        if (slow.tokensByUserId === true)
          expect((await store.get(DEMO.users.alice.userId))?.accessToken).toMatch(/^Atza\|/)
        if (slow.tokensByUserId === false) expect(store.size).toBe(0)
        // The server lives on.
        const alive = await jar.fetch(`${slow.url}${startPath}`, {
          method: 'POST',
          headers: { accept: 'application/json', origin: slow.url },
        })
        expect(alive.status).toBe(201)
      } finally {
        process.off('unhandledRejection', onRejection)
        await slow.close()
      }
    })

    it('anonymous starts leave nothing on the server: no LWA poll happens without a status request', async () => {
      const jars = []
      for (let i = 0; i < 40; i++) jars.push((await begin()).jar)
      expect(codePairs()).toBe(40)
      await afterInterval(1.5 * INTERVAL_SECONDS)
      expect(polls()).toBe(0)
      // Each pair lives in its own browser's cookie: one status request, one poll.
      expect((await status(jars[17])).body.reason).toBe('authorization_pending')
      expect(polls()).toBe(1)
    })
  })
}
