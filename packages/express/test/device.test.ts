import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import express from 'express'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { lwaAuth } from '../src/index.js'
import { CookieJar, listen } from './support.js'

let emulator: Emulator
let app: Awaited<ReturnType<typeof listen>>

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, options: { codePairIntervalSeconds: 1 } })
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('device linking routes (the cases shared by every adapter are in device-contract.test.ts)', () => {
  it('links with the device client id and signs the browser in as a device sign-in', async () => {
    const jar = new CookieJar()
    const started = await post(jar, '/auth/amazon/device/start')
    expect(started.status).toBe(201)
    const pair = (await started.json()) as { userCode: string }
    emulator.approveDevice({ userCode: pair.userCode, userId: DEMO.users.bob.userId })
    await sleep(1150) // the pair's interval (1 s on this emulator)
    const linked = await jar.fetch(`${app.url}/auth/amazon/device/status`)
    expect(await linked.json()).toMatchObject({
      status: 'linked',
      user: { id: DEMO.users.bob.userId, name: DEMO.users.bob.name },
    })
    const me = (await (await jar.fetch(`${app.url}/me`)).json()) as {
      user: { name: string; via: string }
      tokenLength: number
    }
    expect(me.user).toMatchObject({ name: DEMO.users.bob.name, via: 'device' })
    expect(me.tokenLength).toBeGreaterThan(300)
    const polls = emulator.requests().filter((r) => r.grant_type === 'device_code')
    expect(polls.length).toBe(1)
    expect(
      polls.every((r) => r.client_id === undefined || r.client_id === DEMO.deviceClientId),
    ).toBe(true)
  })

  it('keeps serving after a failed code pair request', async () => {
    emulator.injectFault({ endpoint: 'codepair', kind: 'status', status: 500, times: 5 })
    const jar = new CookieJar()
    const res = await post(jar, '/auth/amazon/device/start')
    expect(res.status).toBe(502)
    expect(await res.json()).toMatchObject({ error: 'LWA_SERVER_ERROR' })
    emulator.clearFaults()
    expect((await post(jar, '/auth/amazon/device/start')).status).toBe(201)
  })
})
