import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO, type Emulator, EmulatorControlError, startEmulator } from '../src/index.js'
import { CALLBACK, json, post } from './helpers.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())
beforeEach(() => emulator.reset())

async function control(path: string, body?: unknown, method = 'POST') {
  const init = body === undefined ? { method } : json(body, method)
  const res = await fetch(`${emulator.url}/__emulator${path}`, init)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & unknown[] }
}

const authorizeBody = {
  client_id: DEMO.webClientId,
  response_type: 'code',
  scope: 'profile',
  redirect_uri: CALLBACK,
  state: 'abc',
  user_id: DEMO.users.alice.userId,
  decision: 'allow',
}

async function codeViaHttp() {
  const res = await control('/authorize', authorizeBody)
  return new URL(res.body.location as string).searchParams.get('code')!
}

function exchange(code: string, extra: Record<string, string> = {}) {
  return post(emulator.endpoints.tokenEndpoint, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: CALLBACK,
    client_id: DEMO.webClientId,
    client_secret: DEMO.webClientSecret,
    ...extra,
  })
}

describe('POST /__emulator/authorize', () => {
  it('allow answers a location with code, scope and state', async () => {
    const res = await control('/authorize', authorizeBody)
    expect(res.status).toBe(200)
    const location = new URL(res.body.location as string)
    expect(location.searchParams.get('scope')).toBe('profile')
    expect(location.searchParams.get('state')).toBe('abc')
    expect((await exchange(location.searchParams.get('code')!)).status).toBe(200)
  })

  it('deny answers access_denied', async () => {
    const res = await control('/authorize', { ...authorizeBody, decision: 'deny' })
    expect(res.body.location).toBe(
      `${CALLBACK}?error_description=Access%20not%20permitted.&error=access_denied&state=abc`,
    )
  })

  it('bad client, redirect or scope answer 400 with the /ap/oa message', async () => {
    const client = await control('/authorize', { ...authorizeBody, client_id: 'x' })
    expect(client.status).toBe(400)
    expect(client.body.error).toBe('unknown_client')
    const redirect = await control('/authorize', {
      ...authorizeBody,
      redirect_uri: 'https://evil.example/',
    })
    expect(redirect.body.error_description).toMatch(/not been whitelisted/)
    const scope = await control('/authorize', { ...authorizeBody, scope: 'nope' })
    expect(scope.body.error_description).toBe('An unknown scope was requested')
    expect(() =>
      emulator.authorize({ ...authorizeBody, scope: 'nope', decision: 'allow' }),
    ).toThrow(EmulatorControlError)
  })

  it('accepts scope as an array and scope_data as an object in the JS API', () => {
    const { location } = emulator.authorize({
      ...authorizeBody,
      decision: 'allow',
      scope: ['alexa:all', 'amazon_music:access'],
      scope_data: {
        'alexa:all': { productID: 'P', productInstanceAttributes: { deviceSerialNumber: '1' } },
      },
    })
    expect(new URL(location).searchParams.get('scope')).toBe('alexa:all amazon_music:access')
  })

  it('an unknown user is a 400', async () => {
    const res = await control('/authorize', { ...authorizeBody, user_id: 'amzn1.account.NOBODY' })
    expect(res.status).toBe(400)
  })
})

describe('device approval, clock, revoke, return URLs', () => {
  it('POST /__emulator/device/approve approves a user code; an unknown code is 404', async () => {
    const pair = await post(emulator.endpoints.codePairEndpoint, {
      response_type: 'device_code',
      client_id: DEMO.deviceClientId,
      scope: 'profile',
    })
    const res = await control('/device/approve', {
      user_code: (pair.body.user_code as string).toLowerCase(),
      user_id: DEMO.users.alice.userId,
      decision: 'allow',
    })
    expect(res.status).toBe(200)
    const poll = await post(emulator.endpoints.tokenEndpoint, {
      grant_type: 'device_code',
      device_code: pair.body.device_code as string,
      user_code: pair.body.user_code as string,
    })
    expect(poll.status).toBe(200)
    expect((await control('/device/approve', { user_code: 'NOPE00' })).status).toBe(404)
  })

  it('POST /__emulator/clock moves every lifetime', async () => {
    const code = await codeViaHttp()
    const res = await control('/clock', { advance_seconds: 301 })
    expect(res.status).toBe(200)
    expect(res.body.offset_seconds).toBe(301)
    expect((await exchange(code)).body.error).toBe('invalid_grant')
    expect((await control('/clock', { advance_seconds: -1 })).status).toBe(400)
    expect((await control('/clock', undefined, 'GET')).body.offset_seconds).toBe(301)
  })

  it('POST /__emulator/revoke stops refresh tokens and forgets consent', async () => {
    const tokens = (await exchange(await codeViaHttp())).body
    const res = await control('/revoke', {
      user_id: DEMO.users.alice.userId,
      client_id: DEMO.webClientId,
    })
    expect(res.body.revoked).toBe(1)
    const refresh = await post(emulator.endpoints.tokenEndpoint, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      client_id: DEMO.webClientId,
      client_secret: DEMO.webClientSecret,
    })
    expect(refresh.body.error).toBe('invalid_grant')
  })

  it('POST /__emulator/return-urls registers a callback URL', async () => {
    const url = 'http://127.0.0.1:39999/callback'
    expect((await control('/authorize', { ...authorizeBody, redirect_uri: url })).status).toBe(400)
    expect((await control('/return-urls', { url })).status).toBe(200)
    expect((await control('/authorize', { ...authorizeBody, redirect_uri: url })).status).toBe(200)
    expect((await control('/return-urls', { url: 'not a url' })).status).toBe(400)
    expect(
      (await control('/return-urls', { url, profile_id: 'amzn1.application.nope' })).status,
    ).toBe(404)
    // Return URLs survive reset.
    await control('/reset')
    expect((await control('/authorize', { ...authorizeBody, redirect_uri: url })).status).toBe(200)
  })

  it('unknown control paths are 404, wrong methods 405, bad JSON 400', async () => {
    expect((await control('/nope')).status).toBe(404)
    expect((await control('/reset', undefined, 'GET')).status).toBe(405)
    const res = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    })
    expect(res.status).toBe(400)
  })
})

describe('faults', () => {
  it('status faults carry LWA bodies (500 server_error, 503 temporarily_unavailable) for `times` requests', async () => {
    expect(
      (await control('/faults', { endpoint: 'token', kind: 'status', status: 500, times: 2 }))
        .status,
    ).toBe(201)
    for (let i = 0; i < 2; i++) {
      const res = await post(emulator.endpoints.tokenEndpoint, { grant_type: 'refresh_token' })
      expect(res.status).toBe(500)
      expect(res.body).toEqual({
        error_description: 'Internal Server Error',
        error: 'server_error',
      })
    }
    expect(
      (await post(emulator.endpoints.tokenEndpoint, { grant_type: 'refresh_token' })).status,
    ).toBe(400)
    emulator.injectFault({ endpoint: 'tokeninfo', kind: 'status', status: 503 })
    const res = await fetch(`${emulator.endpoints.tokenInfoEndpoint}?access_token=x`)
    expect(res.status).toBe(503)
    expect(((await res.json()) as { error: string }).error).toBe('temporarily_unavailable')
  })

  it('serverErrorCode changes the 500 spelling', async () => {
    const e = await startEmulator({ options: { serverErrorCode: 'ServerError' } })
    e.injectFault({ endpoint: 'codepair', kind: 'status', status: 500 })
    const res = await post(e.endpoints.codePairEndpoint, {})
    expect(res.body.error).toBe('ServerError')
    await e.close()
  })

  it('authorize and music faults answer in their own format', async () => {
    emulator.injectFault({ endpoint: 'authorize', kind: 'status', status: 503 })
    const page = await fetch(emulator.endpoints.authorizationEndpoint)
    expect(page.status).toBe(503)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    emulator.injectFault({ endpoint: 'music', kind: 'status', status: 429 })
    const music = await fetch(`${emulator.url}/v1/me`)
    expect(music.status).toBe(429)
    expect(((await music.json()) as { error: { code: string } }).error.code).toBe('THROTTLED')
  })

  it('delay waits, then answers normally', async () => {
    emulator.injectFault({ endpoint: 'profile', kind: 'delay', delayMs: 150 })
    const start = Date.now()
    const res = await fetch(emulator.endpoints.profileEndpoint)
    expect(res.status).toBe(400)
    expect(Date.now() - start).toBeGreaterThanOrEqual(140)
  })

  it('malformed answers 200 with a truncated JSON body', async () => {
    await control('/faults', { endpoint: 'token', kind: 'malformed' })
    const res = await fetch(emulator.endpoints.tokenEndpoint, { method: 'POST' })
    expect(res.status).toBe(200)
    await expect(res.json()).rejects.toThrow()
  })

  it('reset drops the connection, and is logged with status 0 and its grant_type', async () => {
    emulator.injectFault({ endpoint: 'token', kind: 'reset' })
    await expect(
      post(emulator.endpoints.tokenEndpoint, {
        grant_type: 'refresh_token',
        client_id: DEMO.webClientId,
      }),
    ).rejects.toThrow()
    await new Promise((r) => setTimeout(r, 20))
    const entry = emulator.requests().find((r) => r.endpoint === 'token')
    expect(entry).toMatchObject({
      status: 0,
      grant_type: 'refresh_token',
      client_id: DEMO.webClientId,
    })
  })

  it('bad faults are refused; DELETE clears them', async () => {
    expect((await control('/faults', { endpoint: 'nope', kind: 'status' })).status).toBe(400)
    expect((await control('/faults', { endpoint: 'token', kind: 'status', times: 0 })).status).toBe(
      400,
    )
    expect(() => emulator.injectFault({ endpoint: 'token', kind: 'status', status: 99 })).toThrow()
    await control('/faults', { endpoint: 'token', kind: 'status', status: 500, times: 5 })
    expect((await control('/faults', undefined, 'DELETE')).status).toBe(200)
    expect((await post(emulator.endpoints.tokenEndpoint, {})).status).toBe(400)
  })
})

describe('request log', () => {
  it('logs method, path, endpoint, grant_type, client_id, status and time, and never a secret or token', async () => {
    const code = await codeViaHttp()
    const tokens = (await exchange(code)).body
    await post(emulator.endpoints.tokenEndpoint, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      client_id: DEMO.webClientId,
      client_secret: DEMO.webClientSecret,
    })
    await fetch(
      `${emulator.endpoints.tokenInfoEndpoint}?access_token=${encodeURIComponent(tokens.access_token)}`,
    )
    const log = (await control('/requests', undefined, 'GET')).body as unknown as Record<
      string,
      unknown
    >[]
    const token = log.filter((r) => r.endpoint === 'token')
    expect(token.map((r) => r.grant_type)).toEqual(['authorization_code', 'refresh_token'])
    expect(token[0]).toMatchObject({
      method: 'POST',
      path: '/auth/o2/token',
      client_id: DEMO.webClientId,
      status: 200,
    })
    expect(Date.parse(token[0]!.at as string)).not.toBeNaN()
    expect(log.find((r) => r.endpoint === 'tokeninfo')?.path).toBe('/auth/o2/tokeninfo')
    const text = JSON.stringify(log)
    for (const secret of [DEMO.webClientSecret, tokens.access_token, tokens.refresh_token!, code])
      expect(text).not.toContain(secret)
    expect((await control('/requests', undefined, 'DELETE')).status).toBe(200)
    expect(emulator.requests()).toEqual([])
  })
})

describe('reset', () => {
  it('forgets tokens, codes, faults, the clock offset and the log', async () => {
    const tokens = (await exchange(await codeViaHttp())).body
    emulator.injectFault({ endpoint: 'token', kind: 'status', status: 500 })
    emulator.advanceClock(1000)
    expect((await control('/reset')).status).toBe(200)
    expect(emulator.requests()).toEqual([])
    expect((await control('/clock', undefined, 'GET')).body.offset_seconds).toBe(0)
    const res = await fetch(
      `${emulator.endpoints.tokenInfoEndpoint}?access_token=${encodeURIComponent(tokens.access_token)}`,
    )
    expect(res.status).toBe(400)
    expect((await post(emulator.endpoints.tokenEndpoint, {})).status).toBe(400)
  })
})

describe('landing page and unknown paths', () => {
  it('GET / lists users and clients; custom links appear', async () => {
    const e = await startEmulator({
      options: {
        links: [{ title: 'Express <demo>', url: 'http://localhost:3000/', description: 'd' }],
      },
    })
    const html = await (await fetch(`${e.url}/`)).text()
    expect(html).toContain(DEMO.users.alice.email)
    expect(html).toContain(DEMO.webClientId)
    expect(html).toContain(DEMO.webClientSecret)
    expect(html).toContain('Express &lt;demo&gt;')
    await e.close()
  })

  it('hides credentials for a custom config unless showCredentials', async () => {
    const e = await startEmulator({
      config: {
        profiles: [
          {
            id: 'amzn1.application.x',
            region: 'NA',
            clients: [{ clientId: 'c', clientSecret: 'very-secret', type: 'web' }],
          },
        ],
        users: [
          { userId: 'amzn1.account.X', name: 'X', email: 'x@example.com', password: 'pw-secret' },
        ],
      },
    })
    const html = await (await fetch(`${e.url}/`)).text()
    expect(html).not.toContain('very-secret')
    expect(html).not.toContain('pw-secret')
    await e.close()
  })

  it('an unknown path is a JSON 404', async () => {
    const res = await fetch(`${emulator.url}/nothing/here`)
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request')
  })

  it('endpoints and endpointsFor follow the agreed layout', () => {
    expect(emulator.endpoints).toEqual({
      authorizationEndpoint: `${emulator.url}/ap/oa`,
      tokenEndpoint: `${emulator.url}/auth/o2/token`,
      codePairEndpoint: `${emulator.url}/auth/o2/create/codepair`,
      tokenInfoEndpoint: `${emulator.url}/auth/o2/tokeninfo`,
      profileEndpoint: `${emulator.url}/user/profile`,
      musicApiBase: emulator.url,
    })
    expect(emulator.endpointsFor('FE').tokenEndpoint).toBe(`${emulator.url}/fe/auth/o2/token`)
    expect(emulator.endpointsFor('EU').musicApiBase).toBe(emulator.url)
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('a bad config is refused with the field named', async () => {
    await expect(
      startEmulator({
        config: { profiles: [{ id: 'x', region: 'XX' as 'NA', clients: [] }], users: [] },
      }),
    ).rejects.toThrow(/profiles\[0\]\.region/)
  })
})
