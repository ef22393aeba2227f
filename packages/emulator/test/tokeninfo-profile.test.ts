import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO, type Emulator, startEmulator } from '../src/index.js'
import { authorizeCode, exchange } from './helpers.js'

let emulator: Emulator
let bound: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
  bound = await startEmulator({
    options: {
      regionBoundTokens: true,
      profileWithoutScope: { status: 401, error: 'invalid_token' },
    },
  })
})
afterAll(async () => {
  await emulator.close()
  await bound.close()
})
beforeEach(() => emulator.reset())

const INVALID = {
  error: 'invalid_token',
  error_description: 'The request has an invalid parameter : access_token',
}

async function accessToken(e: Emulator, scope: string, userId: string = DEMO.users.alice.userId) {
  const res = await exchange(e, authorizeCode(e, { scope, user_id: userId }))
  return res.body.access_token
}

function tokenInfo(e: Emulator, token: string, region: 'NA' | 'EU' = 'NA') {
  return fetch(
    `${e.endpointsFor(region).tokenInfoEndpoint}?access_token=${encodeURIComponent(token)}`,
  )
}

describe('GET /auth/o2/tokeninfo', () => {
  it('describes a live token with an x-amzn-RequestId header', async () => {
    const fixed = Date.parse('2030-01-01T00:00:00Z')
    const e = await startEmulator({ clock: { now: () => fixed } })
    const token = await accessToken(e, 'profile')
    e.advanceClock(100)
    const res = await tokenInfo(e, token)
    await e.close()
    expect(res.status).toBe(200)
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      iss: 'https://www.amazon.com',
      user_id: DEMO.users.alice.userId,
      aud: DEMO.webClientId,
      app_id: DEMO.profileId,
    })
    expect(body.exp).toBe(3500)
    expect(body.iat).toBe(fixed / 1000)
  })

  it('also answers at /auth/O2/tokeninfo and at other regions by default', async () => {
    const token = await accessToken(emulator, 'profile')
    const res = await fetch(
      `${emulator.url}/auth/O2/tokeninfo?access_token=${encodeURIComponent(token)}`,
    )
    expect(res.status).toBe(200)
    expect((await tokenInfo(emulator, token, 'EU')).status).toBe(200)
  })

  it('regionBoundTokens: a NA token is invalid at the EU endpoint', async () => {
    const token = await accessToken(bound, 'profile')
    expect((await tokenInfo(bound, token, 'EU')).status).toBe(400)
  })

  it('an unknown or expired token is 400 invalid_token', async () => {
    const unknown = await tokenInfo(emulator, 'Atza|nope')
    expect(unknown.status).toBe(400)
    expect(await unknown.json()).toEqual(INVALID)
    const token = await accessToken(emulator, 'profile')
    emulator.advanceClock(3600)
    const expired = await tokenInfo(emulator, token)
    expect(expired.status).toBe(400)
    expect(await expired.json()).toEqual(INVALID)
  })

  it('a missing access_token is invalid_request; POST is 405', async () => {
    const res = await fetch(emulator.endpoints.tokenInfoEndpoint)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request')
    expect((await fetch(emulator.endpoints.tokenInfoEndpoint, { method: 'POST' })).status).toBe(405)
  })
})

describe('GET /user/profile', () => {
  it('profile gives user_id, name and email; postal_code adds postal_code', async () => {
    const token = await accessToken(emulator, 'profile postal_code')
    const res = await fetch(emulator.endpoints.profileEndpoint, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      user_id: DEMO.users.alice.userId,
      name: DEMO.users.alice.name,
      email: DEMO.users.alice.email,
      postal_code: DEMO.users.alice.postalCode,
    })
  })

  it('profile:user_id gives only user_id; the token may come in any of three places', async () => {
    const token = await accessToken(emulator, 'profile:user_id', DEMO.users.bob.userId)
    const expected = { user_id: DEMO.users.bob.userId }
    const viaLower = await fetch(emulator.endpoints.profileEndpoint, {
      headers: { authorization: `bearer ${token}` },
    })
    expect(await viaLower.json()).toEqual(expected)
    const viaHeader = await fetch(emulator.endpoints.profileEndpoint, {
      headers: { 'x-amz-access-token': token },
    })
    expect(await viaHeader.json()).toEqual(expected)
    const viaQuery = await fetch(
      `${emulator.endpoints.profileEndpoint}?access_token=${encodeURIComponent(token)}`,
    )
    expect(await viaQuery.json()).toEqual(expected)
  })

  it('a token without a profile scope gets the configured error (default 403 insufficient_scope)', async () => {
    const token = await accessToken(emulator, 'music::library:read')
    const res = await fetch(emulator.endpoints.profileEndpoint, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: string }).error).toBe('insufficient_scope')
    const other = await accessToken(bound, 'music::library:read')
    const res2 = await fetch(bound.endpoints.profileEndpoint, {
      headers: { authorization: `Bearer ${other}` },
    })
    expect(res2.status).toBe(401)
  })

  it('a bad or expired token is 400 invalid_token; no token is invalid_request', async () => {
    const bad = await fetch(emulator.endpoints.profileEndpoint, {
      headers: { authorization: 'Bearer Atza|nope' },
    })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual(INVALID)
    const token = await accessToken(emulator, 'profile')
    emulator.advanceClock(3601)
    const expired = await fetch(emulator.endpoints.profileEndpoint, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(await expired.json()).toEqual(INVALID)
    const none = await fetch(emulator.endpoints.profileEndpoint)
    expect(none.status).toBe(400)
    expect(((await none.json()) as { error: string }).error).toBe('invalid_request')
  })
})
