import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO, type Emulator, startEmulator } from '../src/index.js'
import { authorizeCode, exchange, pkce, post } from './helpers.js'

let emulator: Emulator
let rotating: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
  rotating = await startEmulator({ options: { rotateRefreshTokens: true } })
})
afterAll(async () => {
  await emulator.close()
  await rotating.close()
})
beforeEach(() => emulator.reset())

const REVOKED = {
  error: 'invalid_grant',
  error_description:
    "The request has an invalid grant parameter : refresh_token. User may have revoked or didn't grant the permission.",
}

async function tokens(e: Emulator) {
  const res = await exchange(e, authorizeCode(e))
  return res.body
}

function refresh(e: Emulator, refreshToken: string, extra: Record<string, string> = {}) {
  return post(e.endpoints.tokenEndpoint, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: DEMO.webClientId,
    client_secret: DEMO.webClientSecret,
    ...extra,
  })
}

describe('refresh_token grant', () => {
  it('returns a new access token and the same refresh token by default', async () => {
    const first = await tokens(emulator)
    const res = await refresh(emulator, first.refresh_token!)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.body.access_token).not.toBe(first.access_token)
    expect(res.body.refresh_token).toBe(first.refresh_token)
    expect(res.body.token_type).toBe('bearer')
    expect(res.body.expires_in).toBe(3600)
  })

  it('rotateRefreshTokens: a new refresh token each time, the old one stops working', async () => {
    const first = await tokens(rotating)
    const res = await refresh(rotating, first.refresh_token!)
    expect(res.body.refresh_token).toMatch(/^Atzr\|/)
    expect(res.body.refresh_token).not.toBe(first.refresh_token)
    expect((await refresh(rotating, first.refresh_token!)).body).toEqual(REVOKED)
    expect((await refresh(rotating, res.body.refresh_token!)).status).toBe(200)
  })

  it('after revoke the refresh token gets invalid_grant with the revoked description', async () => {
    const first = await tokens(emulator)
    emulator.revoke({ userId: DEMO.users.alice.userId, clientId: DEMO.webClientId })
    const res = await refresh(emulator, first.refresh_token!)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(REVOKED)
  })

  it('an unknown refresh token, or one of another client, is invalid_grant', async () => {
    expect((await refresh(emulator, 'Atzr|nope')).body).toEqual(REVOKED)
    const first = await tokens(emulator)
    const other = await post(emulator.endpoints.tokenEndpoint, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      client_id: DEMO.deviceClientId,
    })
    expect(other.body).toEqual(REVOKED)
  })

  it('a missing refresh_token is invalid_request', async () => {
    const res = await post(emulator.endpoints.tokenEndpoint, {
      grant_type: 'refresh_token',
      client_id: DEMO.webClientId,
    })
    expect(res.status).toBe(400)
    expect(res.body.error_description).toBe(
      'The request is missing a required parameter : refresh_token',
    )
  })

  it('a web client must send its secret; a wrong secret is 401 invalid_client', async () => {
    const first = await tokens(emulator)
    const noSecret = await post(emulator.endpoints.tokenEndpoint, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      client_id: DEMO.webClientId,
    })
    expect(noSecret.status).toBe(401)
    expect(noSecret.body.error).toBe('invalid_client')
    const wrong = await refresh(emulator, first.refresh_token!, { client_secret: 'x' })
    expect(wrong.status).toBe(401)
  })

  it('a device client refreshes without a secret (JSON body)', async () => {
    const { verifier, challenge } = pkce()
    const code = authorizeCode(emulator, {
      client_id: DEMO.deviceClientId,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    const first = await exchange(emulator, code, {
      client_id: DEMO.deviceClientId,
      client_secret: '',
      code_verifier: verifier,
    })
    // An empty client_secret counts as a (wrong) secret for a client that has none.
    expect(first.status).toBe(401)
    const ok = await fetch(emulator.endpoints.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        code: authorizeCode(emulator, {
          client_id: DEMO.deviceClientId,
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
        redirect_uri: DEMO.returnUrls.expressDemo,
        client_id: DEMO.deviceClientId,
        code_verifier: verifier,
      }),
    })
    const body = (await ok.json()) as { refresh_token: string }
    const res = await fetch(emulator.endpoints.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        refresh_token: body.refresh_token,
        client_id: DEMO.deviceClientId,
      }),
    })
    expect(res.status).toBe(200)
  })

  it('a web client with refreshTokenWithoutSecret: true gets refresh tokens with PKCE alone', async () => {
    const e = await startEmulator({
      config: {
        profiles: [
          {
            id: 'amzn1.application.00000000000000000000000000000001',
            region: 'NA',
            allowedReturnUrls: ['https://app.example/cb'],
            clients: [
              {
                clientId: 'amzn1.application-oa2-client.00000000000000000000000000000001',
                clientSecret: 's',
                type: 'web',
                refreshTokenWithoutSecret: true,
              },
            ],
          },
        ],
        users: [{ userId: 'amzn1.account.U1', name: 'U', email: 'u@example.com', password: 'p' }],
      },
    })
    try {
      const { verifier, challenge } = pkce()
      const { location } = e.authorize({
        client_id: 'amzn1.application-oa2-client.00000000000000000000000000000001',
        response_type: 'code',
        scope: 'profile',
        redirect_uri: 'https://app.example/cb',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      })
      const res = await post(e.endpoints.tokenEndpoint, {
        grant_type: 'authorization_code',
        code: new URL(location).searchParams.get('code')!,
        redirect_uri: 'https://app.example/cb',
        client_id: 'amzn1.application-oa2-client.00000000000000000000000000000001',
        code_verifier: verifier,
      })
      expect(res.body.refresh_token).toMatch(/^Atzr\|/)
    } finally {
      await e.close()
    }
  })
})
