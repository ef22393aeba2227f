import * as oauth from 'oauth4webapi'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO, type Emulator, startEmulator } from '../src/index.js'
import { authorizeCode, CALLBACK, exchange } from './helpers.js'

let emulator: Emulator
let firstWins: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
  firstWins = await startEmulator({
    options: { repeatedParameters: 'first', invalidClientStatus: 400 },
  })
})
afterAll(async () => {
  await emulator.close()
  await firstWins.close()
})
beforeEach(() => emulator.reset())

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`

async function postRaw(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  })
  return { res, body: (await res.json()) as { error: string; error_description: string } }
}

describe('RFC 6749 §5.2: invalid_client after HTTP Basic', () => {
  it('is 401 with WWW-Authenticate: Basic (wrong secret, unknown client, bad header)', async () => {
    for (const [target, authorization] of [
      [emulator, basic(DEMO.webClientId, 'wrong-secret')],
      [emulator, basic('amzn1.application-oa2-client.nope', 'x')],
      [emulator, 'Basic bm8tY29sb24='],
      // Even where invalidClientStatus is 400, Basic gets 401 as the RFC requires.
      [firstWins, basic(DEMO.webClientId, 'wrong-secret')],
    ] as const) {
      const code = authorizeCode(target)
      const { res, body } = await postRaw(
        target.endpoints.tokenEndpoint,
        new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: CALLBACK,
        }).toString(),
        { authorization },
      )
      expect(res.status).toBe(401)
      expect(body.error).toBe('invalid_client')
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="[^"]+"/)
    }
  })

  it('credentials in the body get no challenge (and the configured status)', async () => {
    const bad = await exchange(emulator, authorizeCode(emulator), { client_secret: 'wrong' })
    expect(bad.status).toBe(401)
    expect(bad.headers.get('www-authenticate')).toBeNull()
    const code = authorizeCode(firstWins)
    const other = await exchange(firstWins, code, { client_secret: 'wrong' })
    expect(other.status).toBe(400)
    expect(other.headers.get('www-authenticate')).toBeNull()
  })

  it('an independent client (oauth4webapi) reads the challenge', async () => {
    const as: oauth.AuthorizationServer = {
      issuer: emulator.url,
      token_endpoint: emulator.endpoints.tokenEndpoint,
    }
    const client: oauth.Client = { client_id: DEMO.webClientId }
    const { location } = emulator.authorize({
      client_id: DEMO.webClientId,
      response_type: 'code',
      scope: 'profile',
      redirect_uri: CALLBACK,
      state: 's1',
    })
    const params = oauth.validateAuthResponse(as, client, new URL(location), 's1')
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic('wrong-secret'),
      params,
      CALLBACK,
      oauth.nopkce,
      { [oauth.allowInsecureRequests]: true },
    )
    const error = await oauth.processAuthorizationCodeResponse(as, client, response).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(oauth.WWWAuthenticateChallengeError)
    const challenge = (error as oauth.WWWAuthenticateChallengeError).cause[0]!
    expect(challenge.scheme).toBe('basic')
  })
})

describe('RFC 6749 §3.1/§3.2: a repeated parameter is invalid_request', () => {
  it('at the token endpoint: code, client_secret, grant_type', async () => {
    const code = authorizeCode(emulator)
    const base = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      client_id: DEMO.webClientId,
      client_secret: DEMO.webClientSecret,
    }
    for (const [name, extra] of [
      ['code', 'code=ANother'],
      ['client_secret', 'client_secret=second'],
      ['grant_type', 'grant_type=refresh_token'],
    ]) {
      const { res, body } = await postRaw(
        emulator.endpoints.tokenEndpoint,
        `${new URLSearchParams(base)}&${extra}`,
      )
      expect(res.status).toBe(400)
      expect(body).toEqual({
        error_description: `The request has a repeated parameter : ${name}`,
        error: 'invalid_request',
      })
    }
    // The refused requests did not use the code up.
    expect((await exchange(emulator, code)).status).toBe(200)
  })

  it('at the code pair endpoint', async () => {
    const { res, body } = await postRaw(
      emulator.endpoints.codePairEndpoint,
      `response_type=device_code&client_id=${DEMO.deviceClientId}&scope=profile&scope=amazon_music:access`,
    )
    expect(res.status).toBe(400)
    expect(body.error).toBe('invalid_request')
    expect(body.error_description).toContain(': scope')
  })

  it('at /ap/oa: by redirect, or on the error page for client_id and redirect_uri', async () => {
    const query = new URLSearchParams({
      client_id: DEMO.webClientId,
      scope: 'profile',
      response_type: 'code',
      redirect_uri: CALLBACK,
      state: 'st',
    }).toString()
    const base = emulator.endpoints.authorizationEndpoint
    const scope = await fetch(`${base}?${query}&scope=postal_code`, { redirect: 'manual' })
    expect(scope.status).toBe(302)
    const location = new URL(scope.headers.get('location')!)
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK)
    expect(location.searchParams.get('error')).toBe('invalid_request')
    expect(location.searchParams.get('error_description')).toContain(': scope')
    expect(location.searchParams.get('state')).toBe('st')
    for (const extra of [
      `redirect_uri=${encodeURIComponent('https://evil.example/cb')}`,
      'client_id=x',
    ]) {
      const res = await fetch(`${base}?${query}&${extra}`, { redirect: 'manual' })
      expect(res.status).toBe(400)
      expect(res.headers.get('location')).toBeNull()
      expect(await res.text()).toContain('repeated parameter')
    }
  })

  it("repeatedParameters: 'first' takes the first value; JSON bodies are not affected", async () => {
    const code = authorizeCode(firstWins)
    const { res } = await postRaw(
      firstWins.endpoints.tokenEndpoint,
      `${new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: CALLBACK,
        client_id: DEMO.webClientId,
        client_secret: DEMO.webClientSecret,
      })}&code=ANother`,
    )
    expect(res.status).toBe(200)
    const json = await fetch(emulator.endpoints.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"grant_type":"authorization_code","code":"${authorizeCode(emulator)}","redirect_uri":"${CALLBACK}","client_id":"${DEMO.webClientId}","client_secret":"${DEMO.webClientSecret}"}`,
    })
    expect(json.status).toBe(200)
  })
})
