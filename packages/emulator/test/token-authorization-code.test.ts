import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO, type Emulator, startEmulator } from '../src/index.js'
import { authorizeCode, CALLBACK, exchange, pkce, post } from './helpers.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())
beforeEach(() => emulator.reset())

const CODE_ERROR = {
  error: 'invalid_grant',
  error_description: 'The request has an invalid grant parameter : code',
}

describe('authorization_code grant', () => {
  it('swaps a code for LWA-shaped tokens with no-store headers', async () => {
    const res = await exchange(emulator, authorizeCode(emulator))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('pragma')).toBe('no-cache')
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8')
    expect(Object.keys(res.body)).toEqual([
      'access_token',
      'refresh_token',
      'token_type',
      'expires_in',
    ])
    expect(res.body.access_token).toMatch(/^Atza\|/)
    expect(res.body.access_token.length).toBeGreaterThanOrEqual(350)
    expect(res.body.refresh_token).toMatch(/^Atzr\|/)
    expect(res.body.token_type).toBe('bearer')
    expect(res.body.expires_in).toBe(3600)
  })

  it('accepts a JSON body and HTTP Basic client authentication', async () => {
    const code = authorizeCode(emulator)
    const basic = Buffer.from(`${DEMO.webClientId}:${DEMO.webClientSecret}`).toString('base64')
    const res = await fetch(emulator.endpoints.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` },
      body: JSON.stringify({ grant_type: 'authorization_code', code, redirect_uri: CALLBACK }),
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { refresh_token: string }).refresh_token).toMatch(/^Atzr\|/)
  })

  it('accepts /auth/O2/ with a capital O', async () => {
    const code = authorizeCode(emulator)
    const res = await post(`${emulator.url}/auth/O2/token`, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      client_id: DEMO.webClientId,
      client_secret: DEMO.webClientSecret,
    })
    expect(res.status).toBe(200)
  })

  it('codes are single use', async () => {
    const code = authorizeCode(emulator)
    expect((await exchange(emulator, code)).status).toBe(200)
    const again = await exchange(emulator, code)
    expect(again.status).toBe(400)
    expect(again.body).toEqual(CODE_ERROR)
    expect(Object.keys(again.body)).toEqual(['error_description', 'error'])
  })

  it('codes expire after 5 minutes on the emulator clock', async () => {
    const code = authorizeCode(emulator)
    emulator.advanceClock(301)
    const res = await exchange(emulator, code)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(CODE_ERROR)
  })

  it('an unknown code is invalid_grant', async () => {
    const res = await exchange(emulator, 'ANnotarealcodeatall00')
    expect(res.body).toEqual(CODE_ERROR)
  })

  it('redirect_uri must equal the authorized one', async () => {
    const res = await exchange(emulator, authorizeCode(emulator), {
      redirect_uri: 'http://localhost:3001/auth/amazon/callback',
    })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({
      error: 'invalid_grant',
      error_description: 'The request has an invalid grant parameter : redirect_uri',
    })
  })

  it('a wrong secret, an unknown client or a mismatched Basic header is 401 invalid_client', async () => {
    const expected = { error: 'invalid_client', error_description: 'Client authentication failed' }
    const wrong = await exchange(emulator, authorizeCode(emulator), { client_secret: 'nope' })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toEqual(expected)
    const unknown = await exchange(emulator, authorizeCode(emulator), {
      client_id: 'amzn1.application-oa2-client.00000000000000000000000000000000',
    })
    expect(unknown.status).toBe(401)
    const basic = Buffer.from(`${DEMO.deviceClientId}:x`).toString('base64')
    const res = await fetch(emulator.endpoints.tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${basic}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: authorizeCode(emulator),
        client_id: DEMO.webClientId,
      }),
    })
    expect(res.status).toBe(401)
  })

  it('a client of another region fails as an unknown client', async () => {
    const code = authorizeCode(emulator)
    const res = await post(emulator.endpointsFor('EU').tokenEndpoint, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      client_id: DEMO.webClientId,
      client_secret: DEMO.webClientSecret,
    })
    expect(res.status).toBe(401)
    expect(res.body.error).toBe('invalid_client')
  })

  it('an EU client works at the EU endpoints', async () => {
    const { location } = emulator.authorize({
      region: 'EU',
      client_id: DEMO.euWebClientId,
      response_type: 'code',
      scope: 'profile',
      redirect_uri: CALLBACK,
    })
    const code = new URL(location).searchParams.get('code')!
    const res = await post(emulator.endpointsFor('EU').tokenEndpoint, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      client_id: DEMO.euWebClientId,
      client_secret: DEMO.euWebClientSecret,
    })
    expect(res.status).toBe(200)
  })

  describe('PKCE', () => {
    it('S256: the right verifier works, a wrong one is invalid_grant', async () => {
      const { verifier, challenge } = pkce()
      const opts = { code_challenge: challenge, code_challenge_method: 'S256' }
      expect(
        (await exchange(emulator, authorizeCode(emulator, opts), { code_verifier: verifier }))
          .status,
      ).toBe(200)
      const bad = await exchange(emulator, authorizeCode(emulator, opts), {
        code_verifier: pkce().verifier,
      })
      expect(bad.status).toBe(400)
      expect(bad.body.error).toBe('invalid_grant')
      const missing = await exchange(emulator, authorizeCode(emulator, opts))
      expect(missing.body.error).toBe('invalid_grant')
    })

    it('plain is assumed when the method is absent', async () => {
      const { verifier } = pkce()
      const code = authorizeCode(emulator, { code_challenge: verifier })
      expect((await exchange(emulator, code, { code_verifier: verifier })).status).toBe(200)
    })

    it('a web client with PKCE and no secret gets an access token but no refresh token', async () => {
      const { verifier, challenge } = pkce()
      const code = authorizeCode(emulator, {
        code_challenge: challenge,
        code_challenge_method: 'S256',
      })
      const res = await post(emulator.endpoints.tokenEndpoint, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: CALLBACK,
        client_id: DEMO.webClientId,
        code_verifier: verifier,
      })
      expect(res.status).toBe(200)
      expect(res.body.access_token).toMatch(/^Atza\|/)
      expect(res.body.refresh_token).toBeUndefined()
    })

    it('a web client without a secret and without PKCE is invalid_client', async () => {
      const res = await post(emulator.endpoints.tokenEndpoint, {
        grant_type: 'authorization_code',
        code: authorizeCode(emulator),
        redirect_uri: CALLBACK,
        client_id: DEMO.webClientId,
      })
      expect(res.status).toBe(401)
      expect(res.body.error).toBe('invalid_client')
    })

    it('a device client without a secret gets a refresh token (companion-app flow)', async () => {
      const { verifier, challenge } = pkce()
      const code = authorizeCode(emulator, {
        client_id: DEMO.deviceClientId,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      })
      const res = await post(emulator.endpoints.tokenEndpoint, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: CALLBACK,
        client_id: DEMO.deviceClientId,
        code_verifier: verifier,
      })
      expect(res.status).toBe(200)
      expect(res.body.refresh_token).toMatch(/^Atzr\|/)
    })
  })
})

describe('token endpoint request errors', () => {
  it('a missing grant_type or parameter is invalid_request naming it', async () => {
    const none = await post(emulator.endpoints.tokenEndpoint, {})
    expect(none.status).toBe(400)
    expect(none.body).toEqual({
      error: 'invalid_request',
      error_description: 'The request is missing a required parameter : grant_type',
    })
    const noCode = await post(emulator.endpoints.tokenEndpoint, {
      grant_type: 'authorization_code',
    })
    expect(noCode.body.error_description).toBe('The request is missing a required parameter : code')
  })

  it('an unknown grant is unsupported_grant_type', async () => {
    const res = await post(emulator.endpoints.tokenEndpoint, { grant_type: 'password' })
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('unsupported_grant_type')
  })

  it('GET is a JSON 405, a wrong content type and malformed JSON are invalid_request', async () => {
    const get = await fetch(emulator.endpoints.tokenEndpoint)
    expect(get.status).toBe(405)
    expect(((await get.json()) as { error: string }).error).toBe('invalid_request')
    const xml = await fetch(emulator.endpoints.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: '<a/>',
    })
    expect(xml.status).toBe(400)
    expect(((await xml.json()) as { error: string }).error).toBe('invalid_request')
    const broken = await fetch(emulator.endpoints.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":',
    })
    expect(broken.status).toBe(400)
    const text = await broken.text()
    expect(text).toContain('invalid_request')
    expect(text).not.toMatch(/at .*\.ts/)
  })

  it('a body over 64 KiB is refused with an LWA error', async () => {
    const res = await fetch(emulator.endpoints.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=authorization_code&pad=${'a'.repeat(70 * 1024)}`,
    })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request')
  })
})
