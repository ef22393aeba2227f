import { createHash } from 'node:crypto'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amazon } from '../src/index.js'
import { CookieJar, sessionOf, signIn, startAuth, startSignIn } from './helpers.js'

let emulator: Emulator
let app: Awaited<ReturnType<typeof startAuth>>

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  app = await startAuth(emulator)
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

describe('amazon() in a real Better Auth over HTTP', () => {
  it('starts the sign-in with Better Auth state, PKCE S256 and the scopes', async () => {
    const jar = new CookieJar()
    const url = new URL(await startSignIn(jar, app.url))
    expect(`${url.origin}${url.pathname}`).toBe(emulator.endpoints.authorizationEndpoint)
    const q = url.searchParams
    expect(q.get('client_id')).toBe(DEMO.webClientId)
    expect(q.get('response_type')).toBe('code')
    expect(q.get('scope')).toBe('profile music::library:read')
    expect(q.get('redirect_uri')).toBe(`${app.url}/api/auth/callback/amazon`)
    expect(q.get('code_challenge_method')).toBe('S256')
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(q.get('state')?.length).toBeGreaterThanOrEqual(32)
  })

  it('signs in: emulator consent, callback, a Better Auth session with the Amazon profile', async () => {
    emulator.clearRequests()
    const { jar, callback } = await signIn(emulator, app.url)
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/home')
    const session = await sessionOf(jar, app.url)
    expect(session?.user).toMatchObject({
      name: DEMO.users.alice.name,
      email: DEMO.users.alice.email,
    })
    const ctx = await app.auth.$context
    const accounts = await ctx.internalAdapter.findAccounts(session!.user.id)
    expect(accounts).toHaveLength(1)
    expect(accounts[0]).toMatchObject({ providerId: 'amazon', accountId: DEMO.users.alice.userId })
    expect(accounts[0]?.accessToken).toMatch(/^Atza\|/)
    expect(accounts[0]?.refreshToken).toMatch(/^Atzr\|/)
    // The code went through core's exchange with the verifier (PKCE checked by the emulator).
    const token = emulator.requests().filter((r) => r.endpoint === 'token')
    expect(token.map((r) => [r.grant_type, r.status])).toEqual([['authorization_code', 200]])
  })

  it('signs the same Amazon user in again as the same Better Auth user', async () => {
    const first = await sessionOf((await signIn(emulator, app.url)).jar, app.url)
    const second = await sessionOf((await signIn(emulator, app.url)).jar, app.url)
    expect(second?.user.id).toBe(first?.user.id)
  })

  it('refuses a callback whose state was not issued to this browser', async () => {
    const jar = new CookieJar()
    const authorizeUrl = await startSignIn(jar, app.url)
    const other = new CookieJar() // another browser, without the state cookie
    const { approveAt } = await import('../../../tools/testing/http.mjs')
    const res = await other.fetch(approveAt(emulator, authorizeUrl))
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toContain('error=')
    expect(await sessionOf(other, app.url)).toBeNull()
  })

  it('sends the user to the error page when they cancel at Amazon', async () => {
    const jar = new CookieJar()
    const { approveAt } = await import('../../../tools/testing/http.mjs')
    const res = await jar.fetch(approveAt(emulator, await startSignIn(jar, app.url), 'deny'))
    expect(res.headers.get('location')).toContain('error=access_denied')
    expect(await sessionOf(jar, app.url)).toBeNull()
  })
})

describe('profile:user_id only, regions, scope_data', () => {
  it('signs in a user who granted only profile:user_id, with a placeholder email', async () => {
    const only = await startAuth(emulator, { amazon: { scope: ['profile:user_id'] } })
    try {
      const { jar, authorizeUrl } = await signIn(emulator, only.url, DEMO.users.bob.userId)
      expect(authorizeUrl.searchParams.get('scope')).toBe('profile:user_id')
      const session = await sessionOf(jar, only.url)
      const id = DEMO.users.bob.userId.toLowerCase()
      expect(session?.user.email).toBe(`${id}@users.amazon.invalid`)
      expect(session?.user.name).toBe('')
    } finally {
      await only.close()
    }
  })

  it('sends scope_data as JSON on the authorization URL', async () => {
    const withData = await startAuth(emulator, {
      amazon: { scopeData: { profile: { essential: true } } },
    })
    try {
      const url = new URL(await startSignIn(new CookieJar(), withData.url))
      expect(JSON.parse(url.searchParams.get('scope_data') ?? '')).toEqual({
        profile: { essential: true },
      })
    } finally {
      await withData.close()
    }
  })

  it("uses each region's LWA endpoints and custom endpoints", () => {
    const id = DEMO.webClientId
    expect(amazon({ clientId: id, region: 'EU' }).authorizationUrl).toBe(
      'https://eu.account.amazon.com/ap/oa',
    )
    expect(amazon({ clientId: id, region: 'FE' }).tokenUrl).toBe(
      'https://api.amazon.co.jp/auth/o2/token',
    )
    expect(amazon({ clientId: id }).authorizationUrl).toBe('https://www.amazon.com/ap/oa')
    const eu = emulator.endpointsFor('EU')
    expect(amazon({ clientId: id, endpoints: eu }).tokenUrl).toBe(eu.tokenEndpoint)
  })

  it('signs in at the EU endpoints of the emulator', async () => {
    const eu = await startAuth(emulator, {
      amazon: {
        clientId: DEMO.euWebClientId,
        clientSecret: DEMO.euWebClientSecret,
        region: 'EU',
        endpoints: emulator.endpointsFor('EU'),
      },
      profileId: DEMO.euProfileId,
    })
    try {
      const jar = new CookieJar()
      const authorizeUrl = await startSignIn(jar, eu.url)
      const params = Object.fromEntries(new URL(authorizeUrl).searchParams)
      const { location } = emulator.authorize({
        ...params,
        user_id: DEMO.users.alice.userId,
        region: 'EU',
      })
      await jar.fetch(location)
      expect((await sessionOf(jar, eu.url))?.user.email).toBe(DEMO.users.alice.email)
    } finally {
      await eu.close()
    }
  })

  it('checks its settings and names what is wrong', () => {
    expect(() => amazon({ clientId: '' })).toThrow(/client id/)
    expect(() => amazon({ clientId: 'x', region: 'XX' as 'NA' })).toThrow(/NA, EU or FE/)
    expect(() => amazon({ clientId: 'x', scope: ['bad scope,'] })).toThrow()
  })

  it('sends the PKCE verifier: a code bound to another challenge gives no session', async () => {
    const jar = new CookieJar()
    const url = new URL(await startSignIn(jar, app.url))
    const params = Object.fromEntries(url.searchParams)
    const forged = createHash('sha256')
      .update('an attacker verifier of 43+ characters....')
      .digest('base64url')
    const { location } = emulator.authorize({
      ...params,
      code_challenge: forged,
      user_id: DEMO.users.alice.userId,
    })
    const res = await jar.fetch(location)
    expect(res.headers.get('location')).toContain('error=')
    expect(await sessionOf(jar, app.url)).toBeNull()
  })
})
