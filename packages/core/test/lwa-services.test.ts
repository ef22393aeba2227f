import { DEMO } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createLwaServices,
  InvalidArgumentError,
  MemoryTokenStore,
  type TokenStore,
} from '../src/index.js'
import { ALICE, type Harness, signIn, startHarness } from './token-fixtures.js'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('createLwaServices', () => {
  it('makes a client of the options, a memory store, a token manager over both and a verifier', async () => {
    const services = createLwaServices({
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      endpoints: h.emulator.endpoints,
      hash: (token) => `h:${token.length}:${token.slice(-16)}`,
    })
    expect(services.client.clientId).toBe(DEMO.webClientId)
    expect(services.store).toBeInstanceOf(MemoryTokenStore)
    const tokens = await signIn(h)
    await services.tokens.setTokens(ALICE, { ...tokens, expiresAt: 0 })
    h.emulator.clearRequests()
    const fresh = await services.tokens.getAccessToken(ALICE) // refreshed with the client
    expect(fresh).toMatch(/^Atza\|/)
    expect((await services.store.get(ALICE))?.accessToken).toBe(fresh)
    expect((await services.verifier.verify(fresh)).userId).toBe(ALICE)
    expect(services.verifier.peek(fresh)?.userId).toBe(ALICE) // the synchronous hash caches
    const endpoints = h.emulator.requests().map((r) => r.endpoint)
    expect(endpoints).toEqual(['token', 'tokeninfo'])
  })

  it('uses the client and store it is given', () => {
    const store: TokenStore = new MemoryTokenStore()
    const services = createLwaServices({ client: h.client, store, refreshAheadMs: 60_000 })
    expect(services.client).toBe(h.client)
    expect(services.store).toBe(store)
  })

  it("refuses a missing client id with the client's error", () => {
    expect(() => createLwaServices({})).toThrow(InvalidArgumentError)
  })
})
