// createSharedRefresh, the store-less refresh of cookie-held tokens, against the emulator with
// its refresh-token rotation off and on.
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createLwaClient,
  createSharedRefresh,
  DEFAULT_REFRESH_AHEAD_MS,
  InvalidGrantError,
  type LwaClient,
  LwaServerError,
  type TokenSet,
} from '../src/index.js'

const CALLBACK = DEMO.returnUrls.expressDemo

describe.each([
  { rotation: false, name: 'rotation off' },
  { rotation: true, name: 'rotation on' },
])('createSharedRefresh with $name', ({ rotation }) => {
  let emulator: Emulator
  let client: LwaClient

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { rotateRefreshTokens: rotation } })
    client = createLwaClient({
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      endpoints: emulator.endpoints,
      retries: 0,
    })
  })
  afterAll(() => emulator.close())
  beforeEach(() => {
    emulator.clearFaults()
    emulator.clearRequests()
  })

  async function signIn(userId: string = DEMO.users.alice.userId): Promise<TokenSet> {
    const { location } = emulator.authorize({
      client_id: DEMO.webClientId,
      response_type: 'code',
      scope: 'profile',
      redirect_uri: CALLBACK,
      state: 's',
      user_id: userId,
    })
    const code = new URL(location).searchParams.get('code')!
    return client.exchangeCode({ code, redirectUri: CALLBACK, scope: 'profile' })
  }
  const refreshes = () => emulator.requests().filter((r) => r.grant_type === 'refresh_token')

  it('uses the one head-start default', () => {
    expect(createSharedRefresh({ client }).refreshAheadMs).toBe(DEFAULT_REFRESH_AHEAD_MS)
  })

  it('one refresh for concurrent requests; a request with the old cookie gets the new tokens', async () => {
    const shared = createSharedRefresh({ client })
    const cookie = { ...(await signIn()), expiresAt: Date.now() + 60_000 }
    expect(shared.isDue(cookie)).toBe(true)
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => shared.ensureFresh(cookie)),
      ...Array.from({ length: 10 }, () => shared.refresh(cookie.refreshToken!)),
    ])
    expect(refreshes()).toHaveLength(1)
    expect(new Set(results.map((t) => t.accessToken)).size).toBe(1)
    const fresh = results[0]!
    expect(fresh.accessToken === cookie.accessToken).toBe(false)
    expect(shared.isDue(fresh)).toBe(false)
    if (rotation) expect(fresh.refreshToken === cookie.refreshToken).toBe(false)
    // A late request still carrying the old cookie (the rotated-away refresh token, with rotation
    // on) gets the fresh tokens, with no second refresh and no invalid_grant.
    const late = await shared.ensureFresh(cookie)
    expect(late.accessToken === fresh.accessToken).toBe(true)
    expect((await shared.refresh(cookie.refreshToken!)).accessToken === fresh.accessToken).toBe(
      true,
    )
    expect(refreshes()).toHaveLength(1)
  })

  it('a refused grant is InvalidGrantError; a transient failure keeps still-valid tokens', async () => {
    const shared = createSharedRefresh({ client })
    const cookie = { ...(await signIn(DEMO.users.bob.userId)), expiresAt: Date.now() + 60_000 }
    emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503, times: 1 })
    const kept = await shared.ensureFresh(cookie)
    expect(kept.accessToken === cookie.accessToken).toBe(true)
    // Nothing but the refresh token known: a transient failure is the typed retryable error.
    emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503, times: 1 })
    const other = createSharedRefresh({ client })
    await expect(other.refresh(cookie.refreshToken!)).rejects.toBeInstanceOf(LwaServerError)
    emulator.revoke({ userId: DEMO.users.bob.userId, clientId: DEMO.webClientId })
    const error = await other.refresh(cookie.refreshToken!).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(InvalidGrantError)
    expect((error as Error).message).not.toMatch(/Atz[ar]\|/)
  })
})
