import { DEMO } from '@lwa-kit/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createMusicClients,
  createTokenManager,
  createTokenVerifier,
  InvalidArgumentError,
  MemoryTokenStore,
  ReauthorizationRequiredError,
} from '../src/index.js'
import { ALICE, BOB, type Harness, signIn, startHarness } from './token-fixtures.js'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())
beforeEach(() => {
  h.emulator.reset()
  h.emulator.clearFaults()
  h.emulator.clearRequests()
})

async function signedIn() {
  const store = new MemoryTokenStore()
  const tokens = createTokenManager({ client: h.client, store })
  await tokens.setTokens(ALICE, await signIn(h))
  await tokens.setTokens(BOB, await signIn(h, 'profile music::library:read', BOB))
  h.emulator.clearRequests()
  return tokens
}

const calls = (endpoint: string) => h.emulator.requests().filter((r) => r.endpoint === endpoint)

describe('createMusicClients', () => {
  it("without an API key reads token info's app_id once, then serves every user with it", async () => {
    const tokens = await signedIn()
    const clients = createMusicClients({
      tokens,
      verifier: createTokenVerifier({ client: h.client }),
      baseUrl: h.emulator.endpoints.musicApiBase,
    })
    expect((await (await clients.forUser(ALICE)).me()).id).toBe(ALICE)
    expect((await (await clients.forUser(BOB)).me()).id).toBe(BOB)
    // The emulator's Music API refuses any x-api-key but the token's app's Security Profile id.
    expect(calls('tokeninfo')).toHaveLength(1)
  })

  it('with an API key asks token info nothing', async () => {
    const tokens = await signedIn()
    const clients = createMusicClients({
      tokens,
      apiKey: DEMO.profileId,
      verifier: createTokenVerifier({ client: h.client }),
      baseUrl: h.emulator.endpoints.musicApiBase,
    })
    const page = await (await clients.forUser(ALICE)).playlists({ limit: 3 })
    expect(page.items).toHaveLength(3)
    expect(calls('tokeninfo')).toHaveLength(0)
  })

  it('rejects like the token manager for a user without tokens while the key is unknown', async () => {
    const clients = createMusicClients({
      tokens: createTokenManager({ client: h.client, store: new MemoryTokenStore() }),
      verifier: createTokenVerifier({ client: h.client }),
    })
    await expect(clients.forUser('nobody')).rejects.toBeInstanceOf(ReauthorizationRequiredError)
  })

  it('needs an API key or a verifier', () => {
    const tokens = createTokenManager({ client: h.client, store: new MemoryTokenStore() })
    expect(() => createMusicClients({ tokens })).toThrow(InvalidArgumentError)
  })
})
