import { describe, expect, it } from 'vitest'
import {
  AccessDeniedError,
  createLwaClient,
  InvalidClientError,
  InvalidGrantError,
  StateMismatchError,
  scopes,
} from '../src/index.js'
import {
  authorizeInBrowser,
  countRequests,
  DEMO,
  redirectUri,
  useEmulator,
  webClient,
} from './support.js'

const env = useEmulator()

describe('web sign-in against the emulator', () => {
  for (const region of ['NA', 'EU', 'FE'] as const) {
    it(`signs in end to end in ${region}: URL, callback, tokens, token info, profile, refresh`, async () => {
      const { emulator } = env
      const lwa = webClient(emulator, region)
      const { request, callbackUrl } = await authorizeInBrowser(emulator, lwa, {
        scope: [scopes.profile, scopes.postalCode],
        region,
      })
      expect(callbackUrl.startsWith(redirectUri)).toBe(true)
      const tokens = await lwa.handleCallback(callbackUrl, request)
      expect(tokens.accessToken).toMatch(/^Atza\|/)
      expect(tokens.refreshToken).toMatch(/^Atzr\|/)
      expect(tokens.tokenType).toBe('bearer')
      expect(tokens.expiresAt).toBeGreaterThan(Date.now() + 3_500_000)
      expect(tokens.scope).toEqual(['profile', 'postal_code'])

      const info = await lwa.verifyAccessToken(tokens.accessToken)
      expect(info.clientId).toBe(lwa.clientId)
      expect(info.userId).toBe(DEMO.users.alice.userId)
      expect(info.appId).toMatch(/^amzn1\.application\./)

      const me = await lwa.profile(tokens.accessToken, {
        scope: [scopes.profile, scopes.postalCode],
      })
      expect(me).toEqual({
        userId: DEMO.users.alice.userId,
        name: DEMO.users.alice.name,
        email: DEMO.users.alice.email,
        postalCode: DEMO.users.alice.postalCode,
      })

      const fresh = await lwa.refresh(tokens.refreshToken ?? '')
      expect(fresh.accessToken).not.toBe(tokens.accessToken)
      expect(fresh.refreshToken).toBe(tokens.refreshToken)
      expect(countRequests(emulator, 'token', 'authorization_code')).toBe(1)
    })
  }

  it('refuses a client used in the wrong region (invalid_client)', async () => {
    const { emulator } = env
    const naClient = webClient(emulator, 'NA')
    const { request, callbackUrl } = await authorizeInBrowser(emulator, naClient, {
      scope: 'profile',
    })
    // the same NA client, pointed at the EU token host
    const misplaced = createLwaClient({
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      endpoints: emulator.endpointsFor('EU'),
    })
    const error = await misplaced.handleCallback(callbackUrl, request).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidClientError)
    expect((error as InvalidClientError).message).toMatch(/region/)
    expect(() =>
      emulator.authorize({
        client_id: DEMO.webClientId,
        response_type: 'code',
        scope: 'profile',
        redirect_uri: redirectUri,
        region: 'EU',
      }),
    ).toThrow()
  })

  it('sends PKCE S256 and fails when the verifier does not match', async () => {
    const { emulator } = env
    const lwa = webClient(emulator)
    const { request, callbackUrl } = await authorizeInBrowser(emulator, lwa, { scope: 'profile' })
    const other = 'x'.repeat(43)
    const error = await lwa
      .handleCallback(callbackUrl, { ...request, codeVerifier: other })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidGrantError)
    expect((error as InvalidGrantError).grant).toBe('authorization_code')
    expect((error as InvalidGrantError).errorDescription).toMatch(/code_verifier/)
  })

  it('refuses a replayed code', async () => {
    const { emulator } = env
    const lwa = webClient(emulator)
    const { request, callbackUrl } = await authorizeInBrowser(emulator, lwa, { scope: 'profile' })
    await lwa.handleCallback(callbackUrl, request)
    const error = await lwa.handleCallback(callbackUrl, request).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidGrantError)
    expect((error as Error).message).toMatch(/already used|older than 5 minutes/)
  })

  it('refuses a code older than 5 minutes (emulator clock)', async () => {
    const { emulator } = env
    const lwa = webClient(emulator)
    const { request, callbackUrl } = await authorizeInBrowser(emulator, lwa, { scope: 'profile' })
    emulator.advanceClock(301)
    await expect(lwa.handleCallback(callbackUrl, request)).rejects.toBeInstanceOf(InvalidGrantError)
  })

  it('refuses a redirect_uri that differs from the authorization request', async () => {
    const { emulator } = env
    const lwa = webClient(emulator)
    const { request, callbackUrl } = await authorizeInBrowser(emulator, lwa, { scope: 'profile' })
    const error = await lwa
      .handleCallback(callbackUrl, { ...request, redirectUri: DEMO.returnUrls.nestDemo })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidGrantError)
    expect((error as InvalidGrantError).errorDescription).toMatch(/redirect_uri/)
    expect((error as Error).message).toMatch(/redirect_uri differs/)
  })

  it('turns Cancel into AccessDeniedError without a token request', async () => {
    const { emulator } = env
    const lwa = webClient(emulator)
    const { request, callbackUrl } = await authorizeInBrowser(emulator, lwa, {
      scope: 'profile',
      decision: 'deny',
    })
    await expect(lwa.handleCallback(callbackUrl, request)).rejects.toBeInstanceOf(AccessDeniedError)
    expect(countRequests(emulator, 'token')).toBe(0)
  })

  it('refuses a callback whose state differs, without a token request', async () => {
    const { emulator } = env
    const lwa = webClient(emulator)
    const { request, callbackUrl } = await authorizeInBrowser(emulator, lwa, { scope: 'profile' })
    const other = await lwa.authorizationUrl({ scope: 'profile', redirectUri })
    await expect(
      lwa.handleCallback(callbackUrl, { ...request, state: other.state }),
    ).rejects.toBeInstanceOf(StateMismatchError)
    expect(countRequests(emulator, 'token')).toBe(0)
  })

  it('a web client without its secret (PKCE only) gets no refresh token', async () => {
    const { emulator } = env
    const lwa = createLwaClient({ clientId: DEMO.webClientId, endpoints: emulator.endpoints })
    const { request, callbackUrl } = await authorizeInBrowser(emulator, lwa, { scope: 'profile' })
    const tokens = await lwa.handleCallback(callbackUrl, request)
    expect(tokens.accessToken).toMatch(/^Atza\|/)
    expect(tokens.refreshToken).toBeUndefined()
  })

  it('companion-app sign-in: a device client swaps the code with its verifier, no secret', async () => {
    const { emulator } = env
    const device = createLwaClient({ clientId: DEMO.deviceClientId, endpoints: emulator.endpoints })
    // The phone app authorizes with the device's challenge; the device keeps the verifier.
    const { request, callbackUrl } = await authorizeInBrowser(emulator, device, {
      scope: [scopes.profile, scopes.music.access],
    })
    const code = new URL(callbackUrl).searchParams.get('code') ?? ''
    const tokens = await device.exchangeCode({
      code,
      redirectUri: request.redirectUri,
      codeVerifier: request.codeVerifier,
    })
    expect(tokens.refreshToken).toMatch(/^Atzr\|/)
    const info = await device.verifyAccessToken(tokens.accessToken)
    expect(info.clientId).toBe(DEMO.deviceClientId)
  })
})
