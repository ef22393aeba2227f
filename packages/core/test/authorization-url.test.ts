import { describe, expect, it } from 'vitest'
import {
  codeChallengeS256,
  createLwaClient,
  essential,
  InvalidArgumentError,
  REGION_ENDPOINTS,
  scopes,
} from '../src/index.js'

const clientId = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef'

describe('authorizationUrl', () => {
  it('builds the /ap/oa URL with state and PKCE S256 for each region', async () => {
    for (const region of ['NA', 'EU', 'FE'] as const) {
      const lwa = createLwaClient({ clientId, region })
      const request = await lwa.authorizationUrl({
        scope: [scopes.profile, scopes.music.libraryRead],
        redirectUri: 'https://app.example/callback?x=1',
        scopeData: essential(scopes.profile),
      })
      const url = new URL(request.url)
      expect(`${url.origin}${url.pathname}`).toBe(REGION_ENDPOINTS[region].authorizationEndpoint)
      const q = url.searchParams
      expect(q.get('client_id')).toBe(clientId)
      expect(q.get('scope')).toBe('profile music::library:read')
      expect(q.get('response_type')).toBe('code')
      expect(q.get('redirect_uri')).toBe('https://app.example/callback?x=1')
      expect(q.get('state')).toBe(request.state)
      expect(request.state.length).toBeGreaterThanOrEqual(22)
      expect(q.get('code_challenge_method')).toBe('S256')
      expect(q.get('code_challenge')).toBe(await codeChallengeS256(request.codeVerifier))
      expect(q.get('scope_data')).toBe('{"profile":{"essential":true}}')
      expect(request.url).not.toContain(request.codeVerifier)
      // What a sign-in makes for itself: a 64-character verifier and 32 random bytes of state,
      // as createPkce() and generateState() would, both of the characters PKCE and LWA allow.
      expect(request.codeVerifier).toMatch(/^[A-Za-z0-9_-]{64}$/)
      expect(request.state).toMatch(/^[A-Za-z0-9_-]{43}$/)
    }
  })

  it('keeps a given state and a safe returnTo', async () => {
    const lwa = createLwaClient({ clientId })
    const request = await lwa.authorizationUrl({
      scope: 'profile',
      redirectUri: 'http://localhost:3000/cb',
      state: 'my-own-state-0123456789',
      returnTo: '/library',
    })
    expect(request.state).toBe('my-own-state-0123456789')
    expect(request.returnTo).toBe('/library')
  })

  it('refuses a missing scope, a bad redirect URI or a weak state before anything', async () => {
    const lwa = createLwaClient({ clientId })
    const redirectUri = 'https://app.example/cb'
    const cases = [
      { scope: [], redirectUri },
      { scope: 'profile', redirectUri: 'not a url' },
      { scope: 'profile', redirectUri: 'https://app.example/cb#frag' },
      { scope: 'profile', redirectUri: '' },
      { scope: 'profile', redirectUri, state: 'short' },
      { scope: 'profile', redirectUri, state: 'has space in it 1234567' },
      { scope: 'profile', redirectUri, extraParams: { scope: 'x' } },
      { scope: scopes.alexaAll, redirectUri },
    ]
    for (const params of cases)
      await expect(lwa.authorizationUrl(params), JSON.stringify(params)).rejects.toBeInstanceOf(
        InvalidArgumentError,
      )
  })
})
