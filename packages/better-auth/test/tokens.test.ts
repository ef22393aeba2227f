import { isLwaError, LwaErrorCode, ReauthorizationRequiredError } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import type { AuthContext } from 'better-auth'
import { decryptOAuthToken } from 'better-auth/oauth2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amazonAccessToken, amazonMusic, amazonTokens } from '../src/index.js'
import { sessionOf, signIn, startAuth } from './helpers.js'

// One clock for the emulator and the app, so expiry can be reached without waiting.
let offset = 0
const now = () => Date.now() + offset
const advance = (seconds: number) => {
  offset += seconds * 1000
}

let emulator: Emulator
let app: Awaited<ReturnType<typeof startAuth>>

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, clock: { now } })
  app = await startAuth(emulator, { amazon: { now } })
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

const refreshes = () =>
  emulator.requests().filter((r) => r.endpoint === 'token' && r.grant_type === 'refresh_token')

async function signedIn(userId: string = DEMO.users.alice.userId) {
  const { jar } = await signIn(emulator, app.url, userId)
  const headers = new Headers({ cookie: jar.header() })
  const session = await sessionOf(jar, app.url)
  const ctx = await app.auth.$context
  const account = async () =>
    (await ctx.internalAdapter.findAccounts(session!.user.id)).find(
      (a) => a.providerId === 'amazon',
    )
  return { headers, userId: session!.user.id, account }
}

describe('Amazon tokens from Better Auth accounts, through core', () => {
  it('hands out the stored access token while it is fresh, without calling LWA', async () => {
    const { headers, account } = await signedIn()
    emulator.clearRequests()
    expect(await amazonAccessToken(app.auth, { headers })).toBe((await account())?.accessToken)
    expect(emulator.requests()).toHaveLength(0)
  })

  it('refreshes ahead of expiry once for concurrent callers and keeps the refresh token', async () => {
    const { headers, userId, account } = await signedIn()
    const before = await account()
    advance(3600 - 5 * 60) // within the 10-minute head start
    emulator.clearRequests()
    const tokens = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        amazonAccessToken(app.auth, i % 2 ? { headers } : { userId }),
      ),
    )
    expect(refreshes()).toHaveLength(1)
    expect(new Set(tokens).size).toBe(1)
    expect(tokens[0]).not.toBe(before?.accessToken)
    const after = await account()
    expect(after?.accessToken).toBe(tokens[0])
    expect(after?.refreshToken).toBe(before?.refreshToken)
    expect(after?.accessTokenExpiresAt?.getTime()).toBeGreaterThan(now() + 50 * 60_000)
  })

  it('keeps the grant through a failing refresh and refreshes on the next call', async () => {
    const { headers, account } = await signedIn()
    const before = await account()
    advance(3600 + 60) // expired
    emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503, times: 10 })
    const failed = await amazonAccessToken(app.auth, { headers }).catch((e: unknown) => e)
    emulator.clearFaults()
    expect(isLwaError(failed) && failed.retryable).toBe(true)
    expect((await account())?.refreshToken).toBe(before?.refreshToken)
    await new Promise((r) => setTimeout(r, 1500)) // past the backoff
    expect(await amazonAccessToken(app.auth, { headers })).toMatch(/^Atza\|/)
  })

  it('turns a revoked grant into ReauthorizationRequiredError and clears the tokens', async () => {
    const { headers, account } = await signedIn(DEMO.users.bob.userId)
    emulator.revoke({ userId: DEMO.users.bob.userId, clientId: DEMO.webClientId })
    advance(3600 + 60)
    const err = await amazonAccessToken(app.auth, { headers }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ReauthorizationRequiredError)
    expect((err as ReauthorizationRequiredError).code).toBe(LwaErrorCode.ReauthorizationRequired)
    expect(String((err as Error).message)).not.toMatch(/Atz[ar]\|/)
    const cleared = await account()
    expect(cleared?.accessToken ?? null).toBeNull()
    expect(cleared?.refreshToken ?? null).toBeNull()
    emulator.clearRequests()
    await expect(amazonAccessToken(app.auth, { headers })).rejects.toBeInstanceOf(
      ReauthorizationRequiredError,
    )
    expect(refreshes()).toHaveLength(0)
  })

  it('says "sign in" when there is no session', async () => {
    const err = await amazonTokens(app.auth, { headers: new Headers() }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ReauthorizationRequiredError)
  })
})

describe('amazonMusic()', () => {
  it("reads the signed-in user's Amazon Music profile and playlists", async () => {
    const { headers } = await signedIn()
    const music = await amazonMusic(app.auth, { headers })
    const [me, playlists] = await Promise.all([music.me(), music.playlists({ limit: 5 })])
    expect(me.id.length).toBeGreaterThan(0)
    expect(playlists.items).toHaveLength(5)
  })

  it('refreshes an expired token once, then reads', async () => {
    const { headers } = await signedIn()
    const music = await amazonMusic(app.auth, { headers })
    advance(3600 + 60)
    emulator.clearRequests()
    expect((await music.me()).id.length).toBeGreaterThan(0)
    expect(refreshes()).toHaveLength(1)
  })
})

describe('with refresh token rotation', () => {
  it('stores the rotated refresh token, so the next refresh works', async () => {
    const rotating = await startEmulator({ port: 0, options: { rotateRefreshTokens: true } })
    const rotatingApp = await startAuth(rotating, { amazon: { now } })
    try {
      const { jar } = await signIn(rotating, rotatingApp.url)
      const headers = new Headers({ cookie: jar.header() })
      const { userId, tokens } = await amazonTokens(rotatingApp.auth, { headers })
      const first = await tokens.getTokenSet(userId)
      await tokens.getAccessToken(userId, { rejectedToken: first.accessToken })
      const second = await tokens.getTokenSet(userId)
      expect(second.refreshToken).not.toBe(first.refreshToken)
      await tokens.getAccessToken(userId, { rejectedToken: second.accessToken })
      const third = await tokens.getTokenSet(userId)
      expect(third.accessToken).not.toBe(second.accessToken)
      expect(third.refreshToken).not.toBe(second.refreshToken)
    } finally {
      await rotatingApp.close()
      await rotating.close()
    }
  })
})

describe("with Better Auth's account.encryptOAuthTokens", () => {
  it('reads the encrypted tokens and stores refreshed ones encrypted', async () => {
    const encrypted = await startAuth(emulator, { amazon: { now }, encryptOAuthTokens: true })
    try {
      const { jar } = await signIn(emulator, encrypted.url)
      const headers = new Headers({ cookie: jar.header() })
      const session = await sessionOf(jar, encrypted.url)
      const ctx = await encrypted.auth.$context
      const stored = async () => (await ctx.internalAdapter.findAccounts(session!.user.id))[0]
      const before = await stored()
      expect(before?.accessToken).not.toMatch(/^Atz/)
      expect(before?.refreshToken).not.toMatch(/^Atz/)
      expect(await amazonAccessToken(encrypted.auth, { headers })).toMatch(/^Atza\|/)
      advance(3600 + 60)
      const fresh = await amazonAccessToken(encrypted.auth, { headers })
      expect(fresh).toMatch(/^Atza\|/)
      const after = await stored()
      expect(after?.accessToken).not.toMatch(/^Atz/)
      expect(after?.accessToken).not.toBe(before?.accessToken)
      // The same refresh token, encrypted again (a fresh IV).
      const plain = (v?: string | null) => decryptOAuthToken(v ?? '', ctx as unknown as AuthContext)
      expect(await plain(after?.refreshToken)).toBe(await plain(before?.refreshToken))
      expect(await plain(after?.refreshToken)).toMatch(/^Atzr\\|/)
    } finally {
      await encrypted.close()
    }
  })
})
