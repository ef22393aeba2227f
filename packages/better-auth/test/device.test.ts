import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amazonAccessToken, amazonMusic } from '../src/index.js'
import { CookieJar, sessionOf, signIn, startAuth } from './helpers.js'

let offset = 0
const now = () => Date.now() + offset

let emulator: Emulator
let app: Awaited<ReturnType<typeof startAuth>>

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, clock: { now } })
  app = await startAuth(emulator, { amazon: { now } })
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

const post = (jar: CookieJar, path: string) =>
  jar.fetch(`${app.url}/api/auth/amazon/device/${path}`, {
    method: 'POST',
    headers: { origin: app.url, 'content-type': 'application/json' },
    body: '{}',
  })

async function start(jar = new CookieJar()) {
  const res = await post(jar, 'start')
  expect(res.status).toBe(201)
  const body = (await res.json()) as { userCode: string; verificationUri: string; interval: number }
  return { jar, ...body }
}

const status = async (jar: CookieJar) => {
  const res = await post(jar, 'status')
  return { status: res.status, body: (await res.json()) as { status: string; reason?: string } }
}

describe('device linking (LWA code pair) ending in a Better Auth session', () => {
  it('starts with a code pair, stays pending, then signs the browser in once approved', async () => {
    emulator.clearRequests()
    const { jar, userCode, verificationUri } = await start()
    expect(userCode).toMatch(/^[A-Z0-9]{6}$/)
    expect(verificationUri).toContain('/code')
    const sealed = [...jar.cookies].find(([name]) => name.includes('amazon_device'))?.[1] ?? ''
    expect(sealed.length).toBeGreaterThan(0)
    expect(sealed).not.toContain(userCode)
    const line = jar.lines.find((l) => l.includes('amazon_device'))
    expect(line).toMatch(/HttpOnly/i)
    expect(line).toMatch(/SameSite=Lax/i)
    expect(await status(jar)).toEqual({
      status: 200,
      body: { status: 'pending', reason: 'authorization_pending' },
    })
    emulator.approveDevice({ userCode, userId: DEMO.users.bob.userId })
    const linked = await status(jar)
    expect(linked.body.status).toBe('linked')
    const session = await sessionOf(jar, app.url)
    expect(session?.user).toMatchObject({ name: DEMO.users.bob.name, email: DEMO.users.bob.email })
    // One poll per status request, with the device client; no background polling.
    const polls = emulator.requests().filter((r) => r.grant_type === 'device_code')
    expect(polls).toHaveLength(2)
    expect(
      polls.every((r) => r.client_id === undefined || r.client_id === DEMO.deviceClientId),
    ).toBe(true)
    // The pending pair is gone: a replay of the status finds nothing.
    expect((await status(jar)).status).toBe(404)
    const ctx = await app.auth.$context
    const accounts = await ctx.internalAdapter.findAccounts(session!.user.id)
    expect(accounts.map((a) => a.providerId)).toEqual(['amazon-device'])
  })

  it('reads Amazon Music with the device grant and refreshes it with the device client', async () => {
    const { jar, userCode } = await start()
    emulator.approveDevice({ userCode, userId: DEMO.users.bob.userId })
    await status(jar)
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
    expect((await status(jar)).body.status).toBe('linked')
    expect((await sessionOf(jar, app.url))?.user.id).toBe(web?.user.id)
  })

  it('answers denied and expired, and clears the pending pair', async () => {
    const denied = await start()
    emulator.approveDevice({ userCode: denied.userCode, decision: 'deny' })
    expect((await status(denied.jar)).body.status).toBe('denied')
    expect((await status(denied.jar)).status).toBe(404)
    const expired = await start()
    offset += 601_000
    expect((await status(expired.jar)).body.status).toBe('expired')
    expect(await sessionOf(expired.jar, app.url)).toBeNull()
  })

  it('answers 404 without a pending pair or with a tampered one, and refuses cross-site posts', async () => {
    expect((await status(new CookieJar())).status).toBe(404)
    const { jar } = await start()
    for (const [name, value] of jar.cookies)
      if (name.includes('amazon_device')) jar.cookies.set(name, `${value.slice(0, -4)}AAAA`)
    expect((await status(jar)).status).toBe(404)
    // A cross-site form posting with the browser's cookies is refused (Better Auth's origin check).
    const victim = await start()
    const cross = await victim.jar.fetch(`${app.url}/api/auth/amazon/device/status`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    })
    expect(cross.status).toBe(403)
    expect(await cross.json()).toMatchObject({ error: 'LWA_CROSS_SITE_REQUEST' })
  })

  it("answers core's 502 with the LWA code when LWA fails, and keeps serving", async () => {
    emulator.injectFault({ endpoint: 'codepair', kind: 'status', status: 503, times: 5 })
    const down = await post(new CookieJar(), 'start')
    emulator.clearFaults()
    expect(down.status).toBe(502)
    expect(await down.json()).toMatchObject({ error: 'LWA_SERVER_ERROR' })
    const { jar, userCode } = await start()
    emulator.approveDevice({ userCode, userId: DEMO.users.alice.userId })
    emulator.injectFault({ endpoint: 'profile', kind: 'reset', times: 5 })
    const failed = await post(jar, 'status')
    emulator.clearFaults()
    expect(failed.status).toBe(502)
    expect(await failed.clone().json()).toMatchObject({ error: 'LWA_NETWORK_ERROR' })
    expect(await failed.text()).not.toMatch(/Atz[ar]\|/)
  })
})
