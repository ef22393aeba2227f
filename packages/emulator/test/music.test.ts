import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO, type Emulator, startEmulator } from '../src/index.js'
import { authorizeCode, CALLBACK, exchange, post } from './helpers.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())
beforeEach(() => emulator.reset())

async function accessToken(scope = 'music::library:read profile') {
  return (await exchange(emulator, authorizeCode(emulator, { scope }))).body.access_token
}

function music(path: string, headers: Record<string, string>) {
  return fetch(`${emulator.endpoints.musicApiBase}${path}`, { headers })
}

async function v1Error(res: Response) {
  const body = (await res.json()) as { error: Record<string, string> }
  expect(body.error.status).toBe(String(res.status))
  expect(body.error.reference).toMatch(/^[0-9a-f-]{36}$/)
  expect(typeof body.error.message).toBe('string')
  return body.error.code
}

describe('Amazon Music V1 stub', () => {
  it('GET /v1/me answers the user with Bearer and x-api-key', async () => {
    const token = await accessToken()
    const res = await music('/v1/me', {
      authorization: `Bearer ${token}`,
      'x-api-key': DEMO.profileId,
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { data: { user: { id: string; name: string } } }
    expect(body.data.user.id).toBe(DEMO.users.alice.userId)
    expect(body.data.user.name).toBe(DEMO.users.alice.name)
  })

  it('GET /v1/me/playlists pages with limit and cursor', async () => {
    const headers = { authorization: `Bearer ${await accessToken()}`, 'x-api-key': DEMO.profileId }
    const first = await music('/v1/me/playlists?limit=10', headers)
    expect(first.status).toBe(200)
    type Page = {
      data: {
        user: {
          playlists: {
            pageInfo: { hasNextPage: boolean; token: string | null }
            edges: { node: { id: string } }[]
          }
        }
      }
    }
    const page1 = ((await first.json()) as Page).data.user.playlists
    expect(page1.edges).toHaveLength(10)
    expect(page1.pageInfo.hasNextPage).toBe(true)
    const second = (await (
      await music(`/v1/me/playlists?limit=20&cursor=${page1.pageInfo.token}`, headers)
    ).json()) as Page
    expect(second.data.user.playlists.edges).toHaveLength(15)
    expect(second.data.user.playlists.pageInfo.hasNextPage).toBe(false)
    expect(second.data.user.playlists.pageInfo.token).toBeNull()
    expect((await music('/v1/me/playlists?limit=0', headers)).status).toBe(400)
    expect(await v1Error(await music('/v1/me/playlists?limit=101', headers))).toBe('BAD_REQUEST')
    expect(await v1Error(await music('/v1/me/playlists?cursor=%%%', headers))).toBe('BAD_REQUEST')
  })

  it('401 INVALID_AUTH_TYPE, INVALID_AUTH_TOKEN and INVALID_ACCESS_TOKEN', async () => {
    const noAuth = await music('/v1/me', { 'x-api-key': DEMO.profileId })
    expect(noAuth.status).toBe(401)
    expect(await v1Error(noAuth)).toBe('INVALID_AUTH_TYPE')
    const basic = await music('/v1/me', { authorization: 'Basic abc', 'x-api-key': DEMO.profileId })
    expect(await v1Error(basic)).toBe('INVALID_AUTH_TYPE')
    const empty = await music('/v1/me', { authorization: 'Bearer ', 'x-api-key': DEMO.profileId })
    expect(empty.status).toBe(401)
    expect(await v1Error(empty)).toBe('INVALID_AUTH_TOKEN')
    const bad = await music('/v1/me', {
      authorization: 'Bearer Atza|nope',
      'x-api-key': DEMO.profileId,
    })
    expect(await v1Error(bad)).toBe('INVALID_ACCESS_TOKEN')
    const token = await accessToken()
    emulator.advanceClock(3601)
    const expired = await music('/v1/me', {
      authorization: `Bearer ${token}`,
      'x-api-key': DEMO.profileId,
    })
    expect(expired.status).toBe(401)
    expect(await v1Error(expired)).toBe('INVALID_ACCESS_TOKEN')
  })

  it('x-api-key must be the security profile id', async () => {
    const token = await accessToken()
    const res = await music('/v1/me', {
      authorization: `Bearer ${token}`,
      'x-api-key': 'amzn1.application.other',
    })
    expect(res.status).toBe(403)
    expect((await music('/v1/me', { authorization: `Bearer ${token}` })).status).toBe(403)
  })

  it('403 when the profile is not enabled for Music', async () => {
    const { location } = emulator.authorize({
      region: 'FE',
      client_id: DEMO.feWebClientId,
      response_type: 'code',
      scope: 'profile',
      redirect_uri: CALLBACK,
    })
    const tokens = await post(emulator.endpointsFor('FE').tokenEndpoint, {
      grant_type: 'authorization_code',
      code: new URL(location).searchParams.get('code')!,
      redirect_uri: CALLBACK,
      client_id: DEMO.feWebClientId,
      client_secret: DEMO.feWebClientSecret,
    })
    const res = await music('/v1/me', {
      authorization: `Bearer ${tokens.body.access_token}`,
      'x-api-key': DEMO.feProfileId,
    })
    expect(res.status).toBe(403)
    expect(await v1Error(res)).toBe('ACCESS_DENIED')
  })

  it('403 without a music scope; unknown paths 404; POST 405', async () => {
    const token = await accessToken('profile')
    const headers = { authorization: `Bearer ${token}`, 'x-api-key': DEMO.profileId }
    expect((await music('/v1/me', headers)).status).toBe(403)
    const lib = await accessToken('music::catalog')
    expect(
      (await music('/v1/me/playlists', { ...headers, authorization: `Bearer ${lib}` })).status,
    ).toBe(403)
    expect(await v1Error(await music('/v1/nothing', headers))).toBe('RESOURCE_NOT_FOUND')
    const posted = await fetch(`${emulator.url}/v1/me`, { method: 'POST', headers })
    expect(posted.status).toBe(405)
  })
})
