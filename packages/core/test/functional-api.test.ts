import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import {
  authorizationUrl,
  createLwaConfig,
  deviceLogin,
  exchangeCode,
  fetchProfile,
  handleCallback,
  InvalidArgumentError,
  InvalidGrantError,
  openState,
  refreshTokens,
  requestCodePair,
  StateMismatchError,
  scopes,
  sealState,
  verifyAccessToken,
} from '../src/index.js'
import { DEMO, redirectUri, regionClients, useEmulator, webClient } from './support.js'

const env = useEmulator()
const secret = 'a-sealing-secret-of-at-least-32-characters'

describe('the standalone functions against the emulator', () => {
  it.each([
    ['4 KB', 'A'.repeat(4096)],
    ['a space', 'AN abc'],
    ['a newline', 'AN\nabc'],
  ])('exchangeCode refuses a code LWA never issues (%s) without asking LWA', async (_, code) => {
    const lwa = createLwaConfig({ ...regionClients.NA, endpoints: env.emulator.endpoints })
    const call = async () => exchangeCode(lwa, { code, redirectUri, codeVerifier: 'v'.repeat(43) })
    await expect(call()).rejects.toMatchObject({ code: 'LWA_MALFORMED_RESPONSE' })
    await expect(webClient(env.emulator).exchangeCode({ code, redirectUri })).rejects.toMatchObject(
      {
        code: 'LWA_MALFORMED_RESPONSE',
      },
    )
    expect(env.emulator.requests().filter((r) => r.endpoint === 'token')).toHaveLength(0)
  })

  it('signs in with a config: URL, sealed state, callback, token info, profile, refresh', async () => {
    const { emulator } = env
    const lwa = createLwaConfig({
      ...regionClients.EU,
      region: 'EU',
      endpoints: emulator.endpointsFor('EU'),
    })
    expect(lwa.endpoints.tokenEndpoint).toBe(emulator.endpointsFor('EU').tokenEndpoint)
    const request = await authorizationUrl(lwa, {
      scope: [scopes.profile],
      redirectUri,
      returnTo: '/library',
    })
    const sealed = await sealState(request, { secret })
    const { location } = emulator.authorize({
      ...Object.fromEntries(new URL(request.url).searchParams),
      region: 'EU',
      user_id: DEMO.users.alice.userId,
      decision: 'allow',
    })
    const kept = await openState(sealed, { secret })
    const tokens = await handleCallback(lwa, location, { ...kept, redirectUri })
    expect(tokens.accessToken).toMatch(/^Atza\|/)
    expect(kept.returnTo).toBe('/library')

    const info = await verifyAccessToken(lwa, tokens.accessToken)
    expect(info.clientId).toBe(lwa.clientId)
    const me = await fetchProfile(lwa, tokens.accessToken, { scope: [scopes.profile] })
    expect(me.email).toBe(DEMO.users.alice.email)

    const fresh = await refreshTokens(lwa, tokens.refreshToken ?? '')
    expect(fresh.accessToken).not.toBe(tokens.accessToken)
    expect(fresh.refreshToken).toBe(tokens.refreshToken)
    // A code is single use, also through the standalone exchange.
    const code = new URL(location).searchParams.get('code') ?? ''
    await expect(
      exchangeCode(lwa, { code, redirectUri, codeVerifier: request.codeVerifier }),
    ).rejects.toBeInstanceOf(InvalidGrantError)
  })

  it('accepts a client made by createLwaClient, and refuses a state that differs', async () => {
    const { emulator } = env
    const lwa = webClient(emulator)
    const request = await authorizationUrl(lwa, { scope: scopes.profile, redirectUri })
    const { location } = emulator.authorize({
      ...Object.fromEntries(new URL(request.url).searchParams),
      user_id: DEMO.users.alice.userId,
      decision: 'allow',
    })
    await expect(
      handleCallback(lwa, location, { ...request, state: `${request.state}x` }),
    ).rejects.toBeInstanceOf(StateMismatchError)
    const tokens = await handleCallback(lwa, location, request)
    expect((await lwa.verifyAccessToken(tokens.accessToken)).clientId).toBe(lwa.clientId)
  })

  it('runs the device flow with a config', async () => {
    const { emulator } = env
    const lwa = createLwaConfig({ clientId: DEMO.deviceClientId, endpoints: emulator.endpoints })
    const pair = await requestCodePair(lwa, { scope: scopes.music.access })
    expect(pair.userCode).toMatch(/\S/)
    const tokens = await deviceLogin(lwa, {
      scope: scopes.music.access,
      intervalMs: 1000,
      onCode: ({ userCode }) => {
        emulator.approveDevice({ userCode })
      },
    })
    expect(tokens.accessToken).toMatch(/^Atza\|/)
    expect(tokens.scope).toEqual([scopes.music.access])
  })

  it('keeps the secret out of logs and refuses a hand-made config', async () => {
    const lwa = createLwaConfig({
      clientId: 'amzn1.application-oa2-client.x',
      clientSecret: 'shh-secret',
    })
    expect(JSON.stringify(lwa)).not.toContain('shh-secret')
    expect(Object.keys(lwa)).toEqual(['clientId', 'region', 'endpoints'])
    expect(Object.isFrozen(lwa)).toBe(true)
    const fake = { clientId: lwa.clientId, region: lwa.region, endpoints: lwa.endpoints }
    await expect(authorizationUrl(fake, { scope: 'profile', redirectUri })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    expect(() => refreshTokens(fake, 'Atzr|x')).toThrow(InvalidArgumentError)
  })
})

describe('tree shaking', () => {
  it('drops the device flow, token info and profile from a web sign-in bundle', async () => {
    const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url))
    const result = await build({
      stdin: {
        contents: `export { createLwaConfig, authorizationUrl, handleCallback, refreshTokens } from ${JSON.stringify(entry)}`,
        loader: 'ts',
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      },
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      logLevel: 'silent',
    })
    const code = result.outputFiles[0]?.text ?? ''
    expect(code).toContain('authorization_code')
    expect(code).toContain('refresh_token')
    // Markers of the device flow (code-pair.ts), token info (token-info.ts) and profile.ts.
    for (const gone of ['slow_down', 'empty or malformed', 'is missing for scope'])
      expect(code).not.toContain(gone)
  })
})
