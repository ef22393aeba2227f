// refreshHeldTokens (the refresh of tokens a cookie carries) and resolveProviderSettings, over real
// HTTP against the emulator, with its refresh-token rotation off and on.
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  InvalidArgumentError,
  InvalidGrantError,
  type LwaClient,
  LwaErrorCode,
  refreshHeldTokens,
  resolveProviderSettings,
  type TokenSet,
} from '../src/index.js'
import { signIn as signInAt } from './token-fixtures.js'

describe.each([
  { rotation: false, name: 'rotation off' },
  { rotation: true, name: 'rotation on' },
])('refreshHeldTokens with $name', ({ rotation }) => {
  let emulator: Emulator
  let client: LwaClient

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { rotateRefreshTokens: rotation } })
    client = resolveProviderSettings({
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      endpoints: emulator.endpoints,
    }).client
  })
  afterAll(() => emulator.close())
  beforeEach(() => {
    emulator.clearFaults()
    emulator.clearRequests()
  })

  const signIn = (userId: string = DEMO.users.alice.userId): Promise<TokenSet> =>
    signInAt({ emulator, client, close: () => emulator.close() }, 'profile', userId)
  const refreshes = () => emulator.requests().filter((r) => r.grant_type === 'refresh_token')
  // A clock of each test's own: each test gets refreshers (and backoff) of its own.
  const ownClock = () => () => Date.now()

  it('leaves tokens outside the head start alone, and refreshes them inside it', async () => {
    const now = ownClock()
    const held = await signIn()
    const later = { ...held, expiresAt: Date.now() + 11 * 60_000 }
    expect(await refreshHeldTokens(client, later, { now })).toEqual({
      status: 'current',
      tokens: later,
    })
    expect(refreshes()).toHaveLength(0)
    const due = { ...held, expiresAt: Date.now() + 9 * 60_000 }
    const outcome = await refreshHeldTokens(client, due, { now })
    expect(outcome.status).toBe('refreshed')
    expect(refreshes()).toHaveLength(1)
    // A head start of one's own: 5 minutes left is not due within 2.
    const near = { ...held, expiresAt: Date.now() + 5 * 60_000 }
    const own = await refreshHeldTokens(client, near, { now, refreshAheadMs: 2 * 60_000 })
    expect(own.status).toBe('current')
  })

  it('one refresh for concurrent holders; the refresh token kept unless LWA rotates it; a stale holder gets the new tokens', async () => {
    const now = ownClock()
    const held = { ...(await signIn()), expiresAt: Date.now() - 1000 }
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => refreshHeldTokens(client, held, { now })),
    )
    expect(refreshes()).toHaveLength(1)
    const tokens = outcomes.map((o) => (o.status === 'refreshed' ? o.tokens : undefined))
    expect(new Set(tokens.map((t) => t?.accessToken)).size).toBe(1)
    const fresh = tokens[0]!
    expect(fresh.accessToken === held.accessToken).toBe(false)
    expect(fresh.expiresAt).toBeGreaterThan(Date.now() + 30 * 60_000)
    expect(fresh.scope).toEqual(['profile'])
    expect(fresh.refreshToken === held.refreshToken).toBe(!rotation)
    expect(typeof fresh.refreshToken).toBe('string')
    // The old cookie again (with rotation on, its refresh token is gone at LWA): the same fresh
    // tokens, no second refresh, no invalid_grant.
    const late = await refreshHeldTokens(client, held, { now })
    expect(late.status === 'refreshed' && late.tokens.accessToken === fresh.accessToken).toBe(true)
    expect(refreshes()).toHaveLength(1)
    // The fresh tokens themselves are current.
    expect((await refreshHeldTokens(client, fresh, { now })).status).toBe('current')
  })

  it('a revoked grant is `revoked` with LWA invalid_grant, and no token in the error', async () => {
    const now = ownClock()
    const held = { ...(await signIn(DEMO.users.bob.userId)), expiresAt: Date.now() - 1000 }
    emulator.revoke({ userId: DEMO.users.bob.userId, clientId: DEMO.webClientId })
    const outcome = await refreshHeldTokens(client, held, { now })
    expect(outcome.status).toBe('revoked')
    const error = outcome.status === 'revoked' ? outcome.error : undefined
    expect(error).toBeInstanceOf(InvalidGrantError)
    expect(error?.code).toBe(LwaErrorCode.InvalidGrant)
    expect(error?.message).not.toMatch(/Atz[ar]\|/)
  })

  it('expired without a refresh token is `reauthorize`; still valid without one, `current`', async () => {
    const now = ownClock()
    const { refreshToken: _gone, ...held } = await signIn()
    const expired = { ...held, expiresAt: Date.now() - 1 }
    expect(await refreshHeldTokens(client, expired, { now })).toEqual({ status: 'reauthorize' })
    const due = { ...held, expiresAt: Date.now() + 60_000 }
    expect((await refreshHeldTokens(client, due, { now })).status).toBe('current')
    expect(refreshes()).toHaveLength(0)
  })

  it('a passing failure keeps still-valid tokens as `current`, and expired ones (refresh token and all) as `failed`; the next call recovers', async () => {
    const now = ownClock()
    const valid = { ...(await signIn()), expiresAt: Date.now() + 60_000 }
    // Another grant: the shared refresh knows each grant by its refresh token.
    const signedIn = await signIn(DEMO.users.bob.userId)
    emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503, times: 10 })
    expect(await refreshHeldTokens(client, valid, { now })).toEqual({
      status: 'current',
      tokens: valid,
    })
    const expired = { ...signedIn, expiresAt: Date.now() - 1 }
    const failed = await refreshHeldTokens(client, expired, { now })
    expect(failed.status).toBe('failed')
    if (failed.status !== 'failed') return
    expect(failed.tokens.refreshToken).toBe(signedIn.refreshToken)
    expect((failed.error as { retryable?: boolean }).retryable).toBe(true)
    emulator.clearFaults()
    const recovered = await refreshHeldTokens(client, failed.tokens, { now })
    expect(recovered.status).toBe('refreshed')
  })

  it('holders with the same clock share one refresh; another clock refreshes on its own', async () => {
    const now = ownClock()
    const held = { ...(await signIn()), expiresAt: Date.now() - 1000 }
    await refreshHeldTokens(client, held, { now })
    await refreshHeldTokens(client, held, { now })
    expect(refreshes()).toHaveLength(1)
    if (rotation) return // the rotated-away refresh token is refused to a refresher that never saw it
    await refreshHeldTokens(client, held, { now: ownClock() })
    expect(refreshes()).toHaveLength(2)
  })
})

describe('resolveProviderSettings', () => {
  it('defaults the region, adds profile, builds scope_data and gives one client per options object', () => {
    const options = {
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      scope: ['alexa:all', 'music::library:read'],
      scopeData: {
        'alexa:all': { productID: 'p', productInstanceAttributes: { deviceSerialNumber: '1' } },
      },
    }
    const settings = resolveProviderSettings(options)
    expect(settings.scope).toEqual(['profile', 'alexa:all', 'music::library:read'])
    expect(JSON.parse(settings.scopeData!)).toEqual(options.scopeData)
    expect(settings.endpoints.tokenEndpoint).toBe('https://api.amazon.com/auth/o2/token')
    expect(settings.client.region).toBe('NA')
    expect(settings.clientSecret).toBe(DEMO.webClientSecret)
    expect(resolveProviderSettings(options)).toBe(settings)
    expect(resolveProviderSettings({ ...options })).not.toBe(settings)
    expect(resolveProviderSettings({ clientId: 'c', scope: 'profile:user_id' }).scope).toEqual([
      'profile:user_id',
    ])
  })

  it('gives sibling clients the same endpoints, and the own client without a client id', () => {
    const settings = resolveProviderSettings({
      clientId: DEMO.webClientId,
      region: 'EU',
      endpoints: { tokenEndpoint: 'http://127.0.0.1:1/auth/o2/token' },
    })
    const device = settings.clientFor(DEMO.deviceClientId)
    expect(device.clientId).toBe(DEMO.deviceClientId)
    expect(device.endpoints).toEqual(settings.endpoints)
    expect(settings.endpoints.authorizationEndpoint).toBe('https://eu.account.amazon.com/ap/oa')
    expect(settings.clientFor(undefined)).toBe(settings.client)
  })

  it('names what is wrong, never the secret', () => {
    expect(() => resolveProviderSettings(undefined as never, { name: 'amazon' })).toThrow(
      'amazon(options): pass an options object.',
    )
    expect(() =>
      resolveProviderSettings({ clientId: '' }, { missingClientId: 'Set LWA_CLIENT_ID.' }),
    ).toThrow(new InvalidArgumentError('Set LWA_CLIENT_ID.'))
    expect(() => resolveProviderSettings({ clientId: '' })).toThrow(/client id is empty/)
    const error = (() => {
      try {
        resolveProviderSettings({
          clientId: 'c',
          clientSecret: 'top-secret',
          region: 'US' as never,
        })
      } catch (err) {
        return err as Error
      }
    })()
    expect(error).toBeInstanceOf(InvalidArgumentError)
    expect(error?.message).toMatch(/region "US".*NA, EU or FE/)
    expect(error?.message).not.toContain('top-secret')
    expect(() => resolveProviderSettings({ clientId: 'c', scope: 'a,b' })).toThrow(
      InvalidArgumentError,
    )
  })
})
