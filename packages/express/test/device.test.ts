import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import express from 'express'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { lwaAuth } from '../src/index.js'
import { CookieJar, listen } from './support.js'

let emulator: Emulator
let app: Awaited<ReturnType<typeof listen>>

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  app = await listen((url) => {
    const server = express()
    server.use(
      lwaAuth({
        clientId: DEMO.webClientId,
        clientSecret: DEMO.webClientSecret,
        endpoints: emulator.endpoints,
        redirectUri: `${url}/auth/amazon/callback`,
        secret: 'another-test-secret-that-is-long-enough-42',
        device: { clientId: DEMO.deviceClientId, scope: ['profile', 'amazon_music:access'] },
        timeoutMs: 1500,
      }),
    )
    server.get('/me', async (req, res) => {
      if (!req.lwa?.user) return void res.status(401).end()
      res.json({ user: req.lwa.user, tokenLength: (await req.lwa.getAccessToken()).length })
    })
    return server
  })
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

afterEach(() => emulator.clearFaults())

const post = (jar: CookieJar, path: string) =>
  jar.fetch(`${app.url}${path}`, { method: 'POST', headers: { accept: 'application/json' } })

describe('device linking routes', () => {
  it('starts a code pair, reports pending, then links and signs the browser in', async () => {
    const jar = new CookieJar()
    const started = await post(jar, '/auth/amazon/device/start')
    expect(started.status).toBe(201)
    const pair = (await started.json()) as {
      userCode: string
      verificationUri: string
      interval: number
    }
    expect(pair.userCode).toMatch(/^[A-Z0-9]{6}$/)
    expect(JSON.stringify(pair)).not.toMatch(/deviceCode|device_code/)
    expect(jar.lines.find((l) => l.startsWith('lwa_device='))).toMatch(/HttpOnly; SameSite=Lax/)

    const pending = await jar.fetch(`${app.url}/auth/amazon/device/status`)
    expect(await pending.json()).toMatchObject({ status: 'pending', userCode: pair.userCode })

    emulator.approveDevice({ userCode: pair.userCode, userId: DEMO.users.bob.userId })
    const linked = await jar.fetch(`${app.url}/auth/amazon/device/status`)
    expect(await linked.json()).toMatchObject({
      status: 'linked',
      user: { id: DEMO.users.bob.userId, via: 'device' },
    })
    expect(jar.cookies.has('lwa_device')).toBe(false)

    const me = (await (await jar.fetch(`${app.url}/me`)).json()) as {
      user: { name: string; via: string }
      tokenLength: number
    }
    expect(me.user).toMatchObject({ name: DEMO.users.bob.name, via: 'device' })
    expect(me.tokenLength).toBeGreaterThan(300)
    const grants = emulator.requests().filter((r) => r.grant_type === 'device_code')
    expect(
      grants.every((r) => r.client_id === undefined || r.client_id === DEMO.deviceClientId),
    ).toBe(true)
  })

  it('reports a denied pair, and none once it is cleared', async () => {
    const jar = new CookieJar()
    const pair = (await (await post(jar, '/auth/amazon/device/start')).json()) as {
      userCode: string
    }
    emulator.approveDevice({
      userCode: pair.userCode,
      userId: DEMO.users.alice.userId,
      decision: 'deny',
    })
    expect(await (await jar.fetch(`${app.url}/auth/amazon/device/status`)).json()).toEqual({
      status: 'denied',
    })
    const none = await jar.fetch(`${app.url}/auth/amazon/device/status`)
    expect(none.status).toBe(404)
  })

  it('reports an expired pair (emulator clock)', async () => {
    const jar = new CookieJar()
    const started = (await (await post(jar, '/auth/amazon/device/start')).json()) as {
      userCode: string
    }
    expect(started.userCode).toBeTruthy()
    emulator.advanceClock(601)
    const res = await jar.fetch(`${app.url}/auth/amazon/device/status`)
    expect(await res.json()).toEqual({ status: 'expired' })
  })

  it('answers a clean error when the code pair endpoint fails, and keeps serving', async () => {
    emulator.injectFault({ endpoint: 'codepair', kind: 'status', status: 500, times: 5 })
    const jar = new CookieJar()
    const res = await post(jar, '/auth/amazon/device/start')
    expect(res.status).toBe(502)
    expect(await res.json()).toMatchObject({ error: 'LWA_SERVER_ERROR' })
    emulator.clearFaults()
    expect((await post(jar, '/auth/amazon/device/start')).status).toBe(201)
  })

  it('keeps reporting pending while the token endpoint fails', async () => {
    const jar = new CookieJar()
    await post(jar, '/auth/amazon/device/start')
    emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503 })
    const res = await jar.fetch(`${app.url}/auth/amazon/device/status`)
    expect(await res.json()).toMatchObject({ status: 'pending' })
  })
})
