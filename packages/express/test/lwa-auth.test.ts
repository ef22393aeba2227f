import { sealValue } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import express5 from 'express'
import express4 from 'express4'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { lwaAuth } from '../src/index.js'
import { approveAt, CookieJar, listen, signInOnPages } from './support.js'

const SECRET = 'a-test-secret-that-is-long-enough-0123456789'
const HTML = { accept: 'text/html' }
const JSON_ = { accept: 'application/json' }

for (const [label, express] of [
  ['Express 5', express5],
  ['Express 4', express4],
] as const) {
  describe(`lwaAuth on ${label}`, () => {
    let emulator: Emulator
    let app: Awaited<ReturnType<typeof listen>>

    beforeAll(async () => {
      emulator = await startEmulator({ port: 0 })
      app = await listen((url) => {
        const server = express()
        server.set('trust proxy', 'loopback')
        server.use(
          lwaAuth({
            clientId: DEMO.webClientId,
            clientSecret: DEMO.webClientSecret,
            endpoints: emulator.endpoints,
            redirectUri: `${url}/auth/amazon/callback`,
            secret: SECRET,
            scope: ['profile', 'postal_code'],
            timeoutMs: 1500,
            device: {},
          }),
        )
        server.use(
          '/plain',
          lwaAuth({
            clientId: DEMO.webClientId,
            clientSecret: DEMO.webClientSecret,
            endpoints: emulator.endpoints,
            redirectUri: `${url}/plain/auth/amazon/callback`,
            secret: SECRET,
          }),
        )
        server.get('/me', (req, res) => {
          if (!req.lwa?.user) return void res.status(401).json({ signedIn: false })
          res.json({ user: req.lwa.user })
        })
        server.get('/token', async (req, res) => {
          try {
            res.json({ length: (await req.lwa!.getAccessToken()).length })
          } catch (err) {
            res.status(401).json({ error: (err as { code: string }).code })
          }
        })
        return server
      })
      emulator.allowReturnUrl(`${app.url}/auth/amazon/callback`)
    })

    afterAll(async () => {
      await app?.close()
      await emulator?.close()
    })

    afterEach(() => emulator.clearFaults())

    async function start(jar: CookieJar, query = ''): Promise<string> {
      const res = await jar.fetch(`${app.url}/auth/amazon/login${query}`)
      expect(res.status).toBe(302)
      return res.headers.get('location')!
    }

    it('signs in through the emulator pages, keeps the tokens, and signs out', async () => {
      const jar = new CookieJar()
      const authorize = await start(jar, '?returnTo=/music%3Ftab%3D1')
      const stateLine = jar.lines.find((l) => l.startsWith('lwa_state='))!
      expect(stateLine).toMatch(/HttpOnly/)
      expect(stateLine).toMatch(/SameSite=Lax/)
      expect(stateLine).not.toMatch(/Secure/)
      const url = new URL(authorize)
      expect(url.searchParams.get('code_challenge_method')).toBe('S256')
      expect(url.searchParams.get('redirect_uri')).toBe(`${app.url}/auth/amazon/callback`)

      const callback = await signInOnPages(jar, authorize)
      expect(callback.startsWith(`${app.url}/auth/amazon/callback?`)).toBe(true)
      const done = await jar.fetch(callback)
      expect(done.status).toBe(303)
      expect(done.headers.get('location')).toBe('/music?tab=1')
      expect(jar.cookies.has('lwa_state')).toBe(false)
      expect(jar.lines.find((l) => l.startsWith('lwa_session='))).toMatch(/HttpOnly; SameSite=Lax/)

      const me = (await (await jar.fetch(`${app.url}/me`)).json()) as {
        user: Record<string, unknown>
      }
      expect(me.user).toEqual({
        id: DEMO.users.alice.userId,
        name: DEMO.users.alice.name,
        email: DEMO.users.alice.email,
        postalCode: DEMO.users.alice.postalCode,
        via: 'web',
        scope: ['profile', 'postal_code'],
      })
      const token = (await (await jar.fetch(`${app.url}/token`)).json()) as { length: number }
      expect(token.length).toBeGreaterThan(300)

      const out = await jar.fetch(`${app.url}/auth/amazon/logout`, { method: 'POST' })
      expect(out.status).toBe(303)
      expect(jar.cookies.has('lwa_session')).toBe(false)
      expect((await jar.fetch(`${app.url}/me`)).status).toBe(401)
      expect(await (await jar.fetch(`${app.url}/token`)).json()).toEqual({
        error: 'LWA_REAUTHORIZATION_REQUIRED',
      })
    })

    it('marks the cookies Secure, with the __Host- prefix, behind an https proxy', async () => {
      const jar = new CookieJar()
      await jar.fetch(`${app.url}/auth/amazon/login`, { headers: { 'x-forwarded-proto': 'https' } })
      expect(jar.lines.find((l) => l.startsWith('__Host-lwa_state='))).toMatch(
        /; Path=\/; .*; HttpOnly; SameSite=Lax; Secure$/,
      )
      const plain = new CookieJar()
      await plain.fetch(`${app.url}/auth/amazon/login`)
      expect(plain.lines.find((l) => l.startsWith('lwa_state='))).not.toMatch(/Secure/)
    })

    it('never returns off the site after sign-in', async () => {
      for (const returnTo of ['//evil.example', 'https://evil.example/', '/\\evil.example']) {
        const jar = new CookieJar()
        const authorize = await start(jar, `?returnTo=${encodeURIComponent(returnTo)}`)
        const done = await jar.fetch(approveAt(emulator, authorize))
        expect(done.headers.get('location')).toBe('/')
      }
    })

    it('shows a friendly page when the user presses Cancel', async () => {
      const jar = new CookieJar()
      const authorize = await start(jar)
      // Bob has not consented before, so the consent page (with Cancel) is shown.
      const callback = await signInOnPages(jar, authorize, 'deny', DEMO.users.bob)
      const res = await jar.fetch(callback, { headers: HTML })
      expect(res.status).toBe(403)
      const page = await res.text()
      expect(page).toContain('Sign-in was cancelled')
      expect(page).toContain('LWA_ACCESS_DENIED')
      expect(jar.cookies.has('lwa_session')).toBe(false)
    })

    it('refuses a tampered state (keeping the sign-in), a tampered cookie and a replayed callback', async () => {
      const jar = new CookieJar()
      const authorize = await start(jar)
      const callback = new URL(approveAt(emulator, authorize))
      const sealed = jar.cookies.get('lwa_state')!

      const tampered = new URL(callback)
      tampered.searchParams.set('state', 'A'.repeat(43))
      emulator.clearRequests()
      const bad = await jar.fetch(tampered.toString(), { headers: JSON_ })
      expect(bad.status).toBe(400)
      expect(await bad.json()).toMatchObject({ error: 'LWA_STATE_MISMATCH' })

      jar.cookies.set('lwa_state', `${sealed.slice(0, -6)}AAAAAA`)
      const badCookie = await jar.fetch(callback.toString(), { headers: JSON_ })
      expect(await badCookie.json()).toMatchObject({ error: 'LWA_SEALED_STATE_INVALID' })

      expect(emulator.requests().filter((r) => r.endpoint === 'token')).toHaveLength(0)
      // A wrong state did not spend the cookie (a forged callback cannot end a sign-in in
      // progress): the genuine callback signs in, and only then is the cookie used up.
      jar.cookies.set('lwa_state', sealed)
      expect((await jar.fetch(callback.toString(), { headers: JSON_ })).status).toBe(303)
      jar.cookies.set('lwa_state', sealed)
      const replay = await jar.fetch(callback.toString(), { headers: JSON_ })
      expect(replay.status).toBe(400)
      expect(await replay.json()).toMatchObject({ error: 'LWA_SEALED_STATE_INVALID' })
    })

    it('keeps device linking off unless the app turns it on', async () => {
      const start = await fetch(`${app.url}/plain/auth/amazon/device/start`, { method: 'POST' })
      expect(start.status).toBe(404)
      expect(emulator.requests().filter((r) => r.endpoint === 'codepair')).toHaveLength(0)
    })

    it('treats a tampered or foreign session cookie as signed out', async () => {
      const jar = new CookieJar()
      const authorize = await start(jar)
      const stateCookie = jar.cookies.get('lwa_state')!
      await jar.fetch(approveAt(emulator, authorize))
      const session = jar.cookies.get('lwa_session')!
      expect((await jar.fetch(`${app.url}/me`)).status).toBe(200)

      const foreign = [
        `${session.slice(0, -6)}AAAAAA`, // tampered
        stateCookie, // a sign-in state cookie is sealed for another purpose
        await sealValue(JSON.parse('{"k":"x","u":{"id":"x"}}'), {
          secret: SECRET,
          maxAgeSeconds: 60,
          purpose: 'session', // not the adapter's purpose
        }),
        'not-a-sealed-value',
      ]
      for (const value of foreign) {
        jar.cookies.set('lwa_session', value)
        expect((await jar.fetch(`${app.url}/me`)).status).toBe(401)
      }
      // The session cookie does not open as a device-linking cookie either.
      jar.cookies.set('lwa_device', session)
      const status = await jar.fetch(`${app.url}/auth/amazon/device/status`)
      expect(status.status).toBe(400)
      expect(await status.json()).toMatchObject({
        status: 'none',
        error: 'LWA_SEALED_STATE_INVALID',
      })
      jar.cookies.set('lwa_session', session)
      expect((await jar.fetch(`${app.url}/me`)).status).toBe(200)
    })

    for (const fault of [
      { endpoint: 'token', kind: 'status', status: 500 },
      { endpoint: 'token', kind: 'status', status: 503 },
      { endpoint: 'token', kind: 'malformed' },
      { endpoint: 'token', kind: 'reset' },
      { endpoint: 'token', kind: 'delay', delayMs: 2500 },
      { endpoint: 'profile', kind: 'status', status: 500, times: 5 },
      { endpoint: 'profile', kind: 'malformed', times: 5 },
      { endpoint: 'profile', kind: 'reset', times: 5 },
    ] as const) {
      it(`answers a clean error for a ${fault.kind}${'status' in fault ? ` ${fault.status}` : ''} fault at ${fault.endpoint}`, async () => {
        const jar = new CookieJar()
        const callback = approveAt(emulator, await start(jar))
        emulator.injectFault(fault)
        const res = await jar.fetch(callback, { headers: JSON_ })
        expect([502, 504]).toContain(res.status)
        const body = (await res.json()) as { error: string; message: string }
        expect(body.error).toMatch(/^LWA_(SERVER_ERROR|MALFORMED_RESPONSE|NETWORK_ERROR|TIMEOUT)$/)
        expect(JSON.stringify(body)).not.toMatch(/Atz[ar]\|/)
        expect(jar.cookies.has('lwa_session')).toBe(false)
        const html = await new CookieJar().fetch(
          `${app.url}/auth/amazon/callback?error=server_error&state=x`,
          { headers: HTML },
        )
        expect(html.headers.get('content-type')).toMatch(/text\/html/)
        expect((await new CookieJar().fetch(`${app.url}/auth/amazon/login`)).status).toBe(302)
      })
    }
  })
}
