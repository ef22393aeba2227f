// Better Auth's side of device linking: a linked device becomes a Better Auth session and an
// `amazon-device` account, refreshed with the device client. What every adapter answers (statuses,
// intervals, refusals, faults) is the device contract's (device-contract.test.ts).
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amazonAccessToken, amazonMusic } from '../src/index.js'
import { CookieJar, sessionOf, signIn, startAuth } from './helpers.js'

const INTERVAL_SECONDS = 5
let offset = 0
const now = () => Date.now() + offset
/** Moves every clock (the emulator's and the plugin's) past the pair's interval. */
const afterInterval = () => {
  offset += INTERVAL_SECONDS * 1000 + 10
}

let emulator: Emulator
let app: Awaited<ReturnType<typeof startAuth>>

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    clock: { now },
    options: { codePairIntervalSeconds: INTERVAL_SECONDS },
  })
  app = await startAuth(emulator, { amazon: { now } })
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

const sameSite = () => ({ origin: app.url, accept: 'application/json' })

async function start(jar = new CookieJar()) {
  const res = await jar.fetch(`${app.url}/api/auth/amazon/device/start`, {
    method: 'POST',
    headers: sameSite(),
  })
  expect(res.status).toBe(201)
  const body = (await res.json()) as { userCode: string; verificationUri: string; retryAt: string }
  return { jar, ...body }
}

const status = async (jar: CookieJar, method: 'GET' | 'POST' = 'GET') => {
  const res = await jar.fetch(`${app.url}/api/auth/amazon/device/status`, {
    method,
    headers: sameSite(),
  })
  return {
    status: res.status,
    body: (await res.json()) as { status: string; reason?: string; user?: { id: string } },
  }
}

const polls = () => emulator.requests().filter((r) => r.grant_type === 'device_code')

describe('device linking (LWA code pair) ending in a Better Auth session', () => {
  it('asks LWA once per interval, then signs the browser in as the Amazon user', async () => {
    emulator.clearRequests()
    const { jar, userCode, verificationUri } = await start()
    expect(verificationUri).toContain('/code')
    expect(jar.lines.find((l) => l.startsWith('lwa_device='))).toMatch(/HttpOnly; SameSite=Lax/)
    expect((await status(jar)).body).toMatchObject({ status: 'pending', reason: 'too_soon' })
    expect(polls()).toHaveLength(0)
    afterInterval()
    expect((await status(jar, 'POST')).body).toMatchObject({
      status: 'pending',
      reason: 'authorization_pending',
    })
    emulator.approveDevice({ userCode, userId: DEMO.users.bob.userId })
    afterInterval()
    const linked = await status(jar)
    expect(linked).toMatchObject({
      status: 200,
      body: { status: 'linked', user: { id: DEMO.users.bob.userId } },
    })
    const session = await sessionOf(jar, app.url)
    expect(session?.user).toMatchObject({ name: DEMO.users.bob.name, email: DEMO.users.bob.email })
    // One poll per status request past the interval, with the device client.
    expect(polls()).toHaveLength(2)
    expect(
      polls().every((r) => r.client_id === undefined || r.client_id === DEMO.deviceClientId),
    ).toBe(true)
    // The pending pair is used up.
    expect((await status(jar)).status).toBe(400)
    const ctx = await app.auth.$context
    const accounts = await ctx.internalAdapter.findAccounts(session!.user.id)
    expect(accounts.map((a) => a.providerId)).toEqual(['amazon-device'])
  })

  it('reads Amazon Music with the device grant and refreshes it with the device client', async () => {
    const { jar, userCode } = await start()
    emulator.approveDevice({ userCode, userId: DEMO.users.bob.userId })
    afterInterval()
    expect((await status(jar)).body.status).toBe('linked')
    const headers = new Headers({ cookie: jar.header() })
    const music = await amazonMusic(app.auth, { headers })
    expect((await music.playlists({ limit: 3 })).items).toHaveLength(3)
    offset += 3600_000
    emulator.clearRequests()
    expect(await amazonAccessToken(app.auth, { headers })).toMatch(/^Atza\|/)
    const refresh = emulator.requests().filter((r) => r.grant_type === 'refresh_token')
    expect(refresh.map((r) => r.client_id)).toEqual([DEMO.deviceClientId])
  })

  it('links to the Better Auth user who signed in with the same Amazon account', async () => {
    const web = await sessionOf((await signIn(emulator, app.url)).jar, app.url)
    const { jar, userCode } = await start()
    emulator.approveDevice({ userCode, userId: DEMO.users.alice.userId })
    afterInterval()
    expect((await status(jar)).body.status).toBe('linked')
    expect((await sessionOf(jar, app.url))?.user.id).toBe(web?.user.id)
  })
})
