import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO, type Emulator, startEmulator } from '../src/index.js'
import { post } from './helpers.js'

let emulator: Emulator
let strict: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
  strict = await startEmulator({
    options: { expiredCodePairError: 'expired_token', slowDown: true, slowDownMinIntervalMs: 400 },
  })
})
afterAll(async () => {
  await emulator.close()
  await strict.close()
})
beforeEach(() => emulator.reset())

const ALEXA_DATA = {
  'alexa:all': { productID: 'Speaker1', productInstanceAttributes: { deviceSerialNumber: 'SN-1' } },
}

function codePair(e: Emulator, fields: Record<string, string> = {}) {
  return post(e.endpoints.codePairEndpoint, {
    response_type: 'device_code',
    client_id: DEMO.deviceClientId,
    scope: 'amazon_music:access profile',
    ...fields,
  })
}

function poll(e: Emulator, deviceCode: string, userCode: string) {
  return post(e.endpoints.tokenEndpoint, {
    grant_type: 'device_code',
    device_code: deviceCode,
    user_code: userCode,
  })
}

describe('POST /auth/o2/create/codepair', () => {
  it('answers a code pair in LWA shape with the emulator code page as verification_uri', async () => {
    const res = await codePair(emulator)
    expect(res.status).toBe(200)
    expect(res.body.user_code).toMatch(/^[A-Z0-9]{6}$/)
    expect(res.body.device_code).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    )
    expect(res.body.verification_uri).toBe(`${emulator.url}/code`)
    expect(res.body.expires_in).toBe(600)
    expect(res.body.interval).toBe(30)
  })

  it('EU code pairs point at the EU code-entry page, which serves the sign-in form', async () => {
    const res = await post(emulator.endpointsFor('EU').codePairEndpoint, {
      response_type: 'device_code',
      client_id: DEMO.euWebClientId,
      scope: 'profile',
    })
    expect(res.body.verification_uri).toBe(`${emulator.url}/eu/code`)
    const page = await fetch(res.body.verification_uri as string)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('action="/eu/ap/signin"')
  })

  it('accepts /auth/O2/create/codepair and JSON with scope_data as an object', async () => {
    const res = await fetch(`${emulator.url}/auth/O2/create/codepair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        response_type: 'device_code',
        client_id: DEMO.deviceClientId,
        scope: 'alexa:all amazon_music:access',
        scope_data: ALEXA_DATA,
      }),
    })
    expect(res.status).toBe(200)
  })

  it('alexa:all needs productID and deviceSerialNumber (scope_data as a form string)', async () => {
    const bad = await codePair(emulator, { scope: 'alexa:all' })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toBe('invalid_request')
    const broken = await codePair(emulator, { scope: 'alexa:all', scope_data: '{"alexa:all":' })
    expect(broken.body.error).toBe('invalid_request')
    const ok = await codePair(emulator, {
      scope: 'alexa:all',
      scope_data: JSON.stringify(ALEXA_DATA),
    })
    expect(ok.status).toBe(200)
  })

  it('errors: missing params, bad response_type, unknown client, unknown scope', async () => {
    const noType = await post(emulator.endpoints.codePairEndpoint, {
      client_id: DEMO.deviceClientId,
    })
    expect(noType.body.error_description).toBe(
      'The request is missing a required parameter : response_type',
    )
    expect((await codePair(emulator, { response_type: 'code' })).body.error).toBe('invalid_request')
    const noClient = await post(emulator.endpoints.codePairEndpoint, {
      response_type: 'device_code',
      scope: 'profile',
    })
    expect(noClient.body.error_description).toBe(
      'The request is missing a required parameter : client_id',
    )
    const unknown = await codePair(emulator, { client_id: 'amzn1.application-oa2-client.x' })
    expect(unknown.status).toBe(401)
    expect(unknown.body.error).toBe('invalid_client')
    const noScope = await codePair(emulator, { scope: '' })
    expect(noScope.body.error_description).toBe(
      'The request is missing a required parameter : scope',
    )
    const badScope = await codePair(emulator, { scope: 'music::nope' })
    expect(badScope.body.error).toBe('invalid_scope')
    const fe = await post(emulator.endpointsFor('FE').codePairEndpoint, {
      response_type: 'device_code',
      client_id: DEMO.feWebClientId,
      scope: 'amazon_music:access',
    })
    expect(fe.body.error).toBe('invalid_scope')
  })
})

describe('device_code polling', () => {
  it('authorization_pending until approved, then tokens once, then invalid_code_pair', async () => {
    const pair = (await codePair(emulator)).body
    const pending = await poll(emulator, pair.device_code as string, pair.user_code as string)
    expect(pending.status).toBe(400)
    expect(pending.body.error).toBe('authorization_pending')
    emulator.approveDevice({
      userCode: pair.user_code as string,
      userId: DEMO.users.bob.userId,
      decision: 'allow',
    })
    const ok = await poll(emulator, pair.device_code as string, pair.user_code as string)
    expect(ok.status).toBe(200)
    expect(ok.body.access_token).toMatch(/^Atza\|/)
    expect(ok.body.refresh_token).toMatch(/^Atzr\|/)
    expect(ok.body.token_type).toBe('bearer')
    expect(ok.headers.get('cache-control')).toBe('no-store')
    const info = await fetch(
      `${emulator.endpoints.tokenInfoEndpoint}?access_token=${encodeURIComponent(ok.body.access_token)}`,
    )
    expect(((await info.json()) as { user_id: string }).user_id).toBe(DEMO.users.bob.userId)
    const again = await poll(emulator, pair.device_code as string, pair.user_code as string)
    expect(again.body.error).toBe('invalid_code_pair')
  })

  it('the device refresh works without a secret', async () => {
    const pair = (await codePair(emulator)).body
    emulator.approveDevice({ userCode: pair.user_code as string })
    const ok = await poll(emulator, pair.device_code as string, pair.user_code as string)
    const res = await post(emulator.endpoints.tokenEndpoint, {
      grant_type: 'refresh_token',
      refresh_token: ok.body.refresh_token!,
      client_id: DEMO.deviceClientId,
    })
    expect(res.status).toBe(200)
  })

  it('a denied pair answers access_denied', async () => {
    const pair = (await codePair(emulator)).body
    emulator.approveDevice({ userCode: pair.user_code as string, decision: 'deny' })
    const res = await poll(emulator, pair.device_code as string, pair.user_code as string)
    expect(res.body.error).toBe('access_denied')
  })

  it('needs both device_code and user_code; a wrong user_code is invalid_grant', async () => {
    const pair = (await codePair(emulator)).body
    const noUser = await post(emulator.endpoints.tokenEndpoint, {
      grant_type: 'device_code',
      device_code: pair.device_code as string,
    })
    expect(noUser.body.error_description).toBe(
      'The request is missing a required parameter : user_code',
    )
    const noDevice = await post(emulator.endpoints.tokenEndpoint, {
      grant_type: 'device_code',
      user_code: pair.user_code as string,
    })
    expect(noDevice.body.error_description).toBe(
      'The request is missing a required parameter : device_code',
    )
    const wrong = await poll(emulator, pair.device_code as string, 'ZZZZZZ')
    expect(wrong.body.error).toBe('invalid_grant')
    const unknown = await poll(emulator, '00000000-0000-0000-0000-000000000000', 'ZZZZZZ')
    expect(unknown.body.error).toBe('invalid_code_pair')
  })

  it('an expired pair is invalid_code_pair; approving it fails', async () => {
    const pair = (await codePair(emulator)).body
    emulator.advanceClock(601)
    const res = await poll(emulator, pair.device_code as string, pair.user_code as string)
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('invalid_code_pair')
    expect(() => emulator.approveDevice({ userCode: pair.user_code as string })).toThrow(
      /user_code/,
    )
  })

  it('expiredCodePairError: expired_token', async () => {
    const pair = (await codePair(strict)).body
    strict.advanceClock(601)
    const res = await poll(strict, pair.device_code as string, pair.user_code as string)
    expect(res.body.error).toBe('expired_token')
  })

  it('slow_down is off by default and, when on, answers polls sooner than the minimum interval', async () => {
    const pair = (await codePair(emulator)).body
    for (let i = 0; i < 3; i++) {
      const res = await poll(emulator, pair.device_code as string, pair.user_code as string)
      expect(res.body.error).toBe('authorization_pending')
    }
    const strictPair = (await codePair(strict)).body
    const first = await poll(
      strict,
      strictPair.device_code as string,
      strictPair.user_code as string,
    )
    expect(first.body.error).toBe('authorization_pending')
    const fast = await poll(
      strict,
      strictPair.device_code as string,
      strictPair.user_code as string,
    )
    expect(fast.body.error).toBe('slow_down')
    await new Promise((r) => setTimeout(r, 450))
    const later = await poll(
      strict,
      strictPair.device_code as string,
      strictPair.user_code as string,
    )
    expect(later.body.error).toBe('authorization_pending')
  })

  it("a pair from one region is unknown at another region's token endpoint", async () => {
    const pair = (await codePair(emulator)).body
    emulator.approveDevice({ userCode: pair.user_code as string })
    const res = await post(emulator.endpointsFor('EU').tokenEndpoint, {
      grant_type: 'device_code',
      device_code: pair.device_code as string,
      user_code: pair.user_code as string,
    })
    expect(res.body.error).toBe('invalid_code_pair')
  })
})
