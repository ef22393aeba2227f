import { DEMO } from '@lwa-kit/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createMusicClient,
  createTokenManager,
  InvalidArgumentError,
  MemoryTokenStore,
  MusicApiError,
  type MusicClientOptions,
  type TokenSet,
} from '../src/index.js'
import {
  ALICE,
  expiringIn,
  type Harness,
  refreshCount,
  signIn,
  startHarness,
} from './token-fixtures.js'

let h: Harness
let signedIn: TokenSet

beforeAll(async () => {
  h = await startHarness()
  signedIn = await signIn(h)
})
afterAll(() => h.close())
beforeEach(() => {
  h.emulator.reset()
  h.emulator.clearFaults()
  h.emulator.clearRequests()
})

async function setup(extra: Partial<MusicClientOptions> = {}) {
  const tokens = await signIn(h)
  const store = new MemoryTokenStore()
  store.set('alice', expiringIn(tokens, 50 * 60_000))
  const manager = createTokenManager({ client: h.client, store })
  const music = createMusicClient({
    tokens: manager,
    key: 'alice',
    apiKey: DEMO.profileId,
    baseUrl: h.emulator.endpoints.musicApiBase,
    random: () => 0.5,
    ...extra,
  })
  h.emulator.clearRequests()
  return { store, manager, music }
}

const musicRequests = () => h.emulator.requests().filter((r) => r.endpoint === 'music')

describe('createMusicClient', () => {
  it('reads the user and pages through the playlists', async () => {
    const { music } = await setup()
    const me = await music.me()
    expect(me.id).toBe(ALICE)
    expect(me.name).toBe('Alice Example')

    const first = await music.playlists({ limit: 10 })
    expect(first.items).toHaveLength(10)
    expect(first.hasNextPage).toBe(true)
    expect(first.nextCursor).toEqual(expect.any(String))
    const second = await music.playlists({ limit: 10, cursor: first.nextCursor })
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id)

    const pages = []
    for await (const page of music.playlistPages({ limit: 10 })) pages.push(page)
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5])
    expect(pages.at(-1)?.hasNextPage).toBe(false)
    expect(pages.at(-1)?.nextCursor).toBeUndefined()
    const ids = pages.flatMap((p) => p.items.map((item) => item.id))
    expect(new Set(ids).size).toBe(25)
    expect(refreshCount(h.emulator)).toBe(0)

    const raw = await music.request<{ data: { user: { id: string } } }>('/v1/me')
    expect(raw.data.user.id).toBe(ALICE)
  })

  it('refreshes an expired token once and retries', async () => {
    const { music, store } = await setup()
    const before = store.get('alice')!.accessToken
    // The emulator's clock moves past the access token's life; our clock still thinks it is fresh.
    h.emulator.advanceClock(3601)
    const results = await Promise.all([music.me(), music.me(), music.me()])
    expect(results.map((u) => u.id)).toEqual([ALICE, ALICE, ALICE])
    expect(refreshCount(h.emulator)).toBe(1)
    expect(store.get('alice')!.accessToken).not.toBe(before)
    expect(musicRequests().map((r) => r.status)).toEqual([401, 401, 401, 200, 200, 200])
  })

  it('surfaces a 401 that persists after the refresh', async () => {
    const { music } = await setup()
    h.emulator.injectFault({ endpoint: 'music', kind: 'status', status: 401, times: 2 })
    const error = await music.me().catch((err: unknown) => err)
    expect(error).toBeInstanceOf(MusicApiError)
    expect(error).toMatchObject({ apiCode: 'INVALID_ACCESS_TOKEN', status: 401, retryable: false })
    expect((error as MusicApiError).reference).toMatch(/^[0-9a-f-]{36}$/)
    expect((error as MusicApiError).message).not.toContain('Atza|')
    expect(refreshCount(h.emulator)).toBe(1)
    expect(musicRequests()).toHaveLength(2)
  })

  it('backs off on 429 and 500, then succeeds', async () => {
    const { music } = await setup()
    h.emulator.injectFault({ endpoint: 'music', kind: 'status', status: 429, times: 2 })
    h.emulator.injectFault({ endpoint: 'music', kind: 'status', status: 500, times: 1 })
    const started = Date.now()
    const me = await music.me()
    expect(me.id).toBe(ALICE)
    // random 0.5 → waits of 125, 250 and 500 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(850)
    expect(musicRequests().map((r) => r.status)).toEqual([429, 429, 500, 200])
  })

  it('throws MusicApiError when throttling outlasts the retries', async () => {
    const { music } = await setup({ retries: 1, random: () => 0 })
    h.emulator.injectFault({ endpoint: 'music', kind: 'status', status: 429, times: 5 })
    await expect(music.playlists()).rejects.toMatchObject({
      name: 'MusicApiError',
      apiCode: 'THROTTLED',
      status: 429,
      retryable: true,
    })
    expect(musicRequests()).toHaveLength(2)
  })

  it('reports a wrong x-api-key and bad arguments', async () => {
    const { music, manager } = await setup()
    const wrongKey = createMusicClient({
      tokens: manager,
      key: 'alice',
      apiKey: 'amzn1.application.00000000000000000000000000000000',
      baseUrl: h.emulator.endpoints.musicApiBase,
    })
    await expect(wrongKey.me()).rejects.toMatchObject({ apiCode: 'ACCESS_DENIED', status: 403 })
    await expect(music.playlists({ limit: 0 })).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(music.request('https://elsewhere.example/v1/me')).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    expect(() => createMusicClient({ tokens: manager, key: 'alice', apiKey: '' })).toThrow(
      InvalidArgumentError,
    )
    expect(signedIn.refreshToken).toMatch(/^Atzr\|/)
  })
})
