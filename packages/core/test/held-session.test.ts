// The held session (tokens a JWT cookie carries): the account mapping both ways, what each refresh
// outcome makes of the session, over real HTTP against the emulator, and what the readable view
// and the server-side read give.
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  accountTokens,
  HeldSessionError,
  heldAccessToken,
  heldSessionView,
  type LwaClient,
  refreshHeldSession,
  resolveProviderSettings,
  signedInSession,
  type TokenSet,
} from '../src/index.js'
import { signIn } from './token-fixtures.js'

describe('held session: account mapping, view and read', () => {
  const tokens: TokenSet = {
    accessToken: 'Atza|access',
    refreshToken: 'Atzr|refresh',
    tokenType: 'bearer',
    expiresAt: 1_900_000_000_500,
    scope: [],
  }

  it('accountTokens names the fields as an OAuth account does, seconds and asked scopes', () => {
    expect(accountTokens(tokens, ['profile', 'music::library:read'])).toEqual({
      access_token: 'Atza|access',
      token_type: 'bearer',
      expires_at: 1_900_000_000,
      scope: 'profile music::library:read',
      refresh_token: 'Atzr|refresh',
    })
    const { refreshToken: _none, ...noRefresh } = { ...tokens, scope: ['profile'] }
    const account = accountTokens(noRefresh, ['other'])
    expect(account.scope).toBe('profile')
    expect('refresh_token' in account).toBe(false)
  })

  it('signedInSession moves the account into `amazon`, drops an old error, an hour without expiry', () => {
    const session = signedInSession(
      { sub: 'u', error: HeldSessionError.GrantRevoked },
      { ...accountTokens(tokens, ['profile']) },
    )
    expect(session).toEqual({
      sub: 'u',
      amazon: {
        accessToken: 'Atza|access',
        refreshToken: 'Atzr|refresh',
        expiresAt: 1_900_000_000_000,
        scope: ['profile'],
      },
    })
    expect(signedInSession({}, { access_token: 'Atza|x' }, 1000).amazon).toEqual({
      accessToken: 'Atza|x',
      expiresAt: 3_601_000,
      scope: [],
    })
  })

  it('heldAccessToken: none when missing, expired or the grant is gone; a passing failure keeps it', () => {
    const amazon = { accessToken: 'Atza|a', expiresAt: 10_000, scope: [] }
    expect(heldAccessToken({ amazon }, 5_000)).toBe('Atza|a')
    expect(heldAccessToken({ amazon }, 10_000)).toBeUndefined()
    expect(heldAccessToken(null)).toBeUndefined()
    expect(heldAccessToken({})).toBeUndefined()
    expect(
      heldAccessToken({ amazon, error: HeldSessionError.ReauthorizationRequired }, 5_000),
    ).toBeUndefined()
    expect(heldAccessToken({ amazon, error: HeldSessionError.RefreshFailed }, 5_000)).toBe('Atza|a')
  })

  it('heldSessionView shows the error, and the access token only when asked to', () => {
    const amazon = { accessToken: 'Atza|a', expiresAt: 10_000, scope: [] }
    expect(heldSessionView({ amazon })).toEqual({})
    expect(heldSessionView({ amazon, error: HeldSessionError.RefreshFailed })).toEqual({
      error: 'AmazonRefreshFailed',
    })
    expect(heldSessionView({ amazon }, { exposeAccessToken: true })).toEqual({
      accessToken: 'Atza|a',
    })
  })
})

describe('refreshHeldSession', () => {
  let emulator: Emulator
  let client: LwaClient

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 })
    client = resolveProviderSettings({
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      endpoints: emulator.endpoints,
    }).client
  })
  afterAll(() => emulator.close())
  beforeEach(() => emulator.clearFaults())

  async function signedIn(userId: string = DEMO.users.alice.userId) {
    const tokens = await signIn(
      { emulator, client, close: () => emulator.close() },
      'profile',
      userId,
    )
    return signedInSession({ sub: userId }, accountTokens(tokens, ['profile']))
  }
  const expire = <T extends { amazon?: { expiresAt: number } }>(session: T): T => ({
    ...session,
    amazon: { ...session.amazon!, expiresAt: Date.now() - 1000 },
  })
  const ownClock = () => () => Date.now()

  it('current: the same object; no tokens: the same object', async () => {
    const session = await signedIn()
    expect(await refreshHeldSession(client, session, { now: ownClock() })).toBe(session)
    const empty = { sub: 'x' }
    expect(await refreshHeldSession(client, empty)).toBe(empty)
  })

  it('refreshed: new tokens, the refresh token kept, the error gone, other fields kept', async () => {
    const session = {
      ...expire(await signedIn()),
      error: HeldSessionError.RefreshFailed,
      name: 'n',
    }
    const fresh = await refreshHeldSession(client, session, { now: ownClock() })
    expect(fresh.amazon?.accessToken).not.toBe(session.amazon?.accessToken)
    expect(fresh.amazon?.refreshToken).toBe(session.amazon?.refreshToken)
    expect(fresh.amazon?.scope).toEqual(['profile'])
    expect(fresh.amazon && 'tokenType' in fresh.amazon).toBe(false)
    expect(fresh.error).toBeUndefined()
    expect(fresh.name).toBe('n')
  })

  it('a passing failure keeps the tokens and marks RefreshFailed; revoked and no refresh token drop them', async () => {
    const session = expire(await signedIn(DEMO.users.bob.userId))
    emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503, times: 10 })
    const failed = await refreshHeldSession(client, session, { now: ownClock() })
    expect(failed).toEqual({ ...session, error: HeldSessionError.RefreshFailed })
    emulator.clearFaults()
    emulator.revoke({ userId: DEMO.users.bob.userId, clientId: DEMO.webClientId })
    const revoked = await refreshHeldSession(client, session, { now: ownClock() })
    expect(revoked).toEqual({ sub: session.sub, error: HeldSessionError.GrantRevoked })
    const { refreshToken: _gone, ...amazon } = session.amazon!
    const gone = await refreshHeldSession(client, { ...session, amazon }, { now: ownClock() })
    expect(gone).toEqual({ sub: session.sub, error: HeldSessionError.ReauthorizationRequired })
  })
})
