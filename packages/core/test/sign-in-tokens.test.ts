// Core's one rule for a finished sign-in's tokens (keepSignInTokens), also when the app answered
// the request first: kept under the user id (the app finds them without this response), dropped
// when their only key is a session handle this response would have delivered.
import { describe, expect, it } from 'vitest'
import {
  createLwaServices,
  keepSignInTokens,
  MemoryTokenStore,
  type TokenSet,
} from '../src/index.js'

const tokens: TokenSet = {
  accessToken: `Atza|${'a'.repeat(360)}`,
  refreshToken: `Atzr|${'r'.repeat(360)}`,
  tokenType: 'bearer',
  expiresAt: Date.now() + 3600_000,
  scope: ['profile'],
}
const userId = 'amzn1.account.ALICE'
/** A token manager over a fresh store, as the adapters hand it in. */
const managed = () => {
  const store = new MemoryTokenStore()
  return {
    store,
    manager: createLwaServices({ clientId: 'amzn1.application-oa2-client.t', store }).tokens,
  }
}

describe('keepSignInTokens', () => {
  for (const answered of [false, true])
    it(`stores tokens keyed by the user id under that id (answered: ${answered})`, async () => {
      const { store, manager } = managed()
      const fate = await keepSignInTokens({
        keyedBy: 'user',
        userId,
        tokens,
        answered,
        store: manager,
      })
      expect(fate).toBe('stored')
      expect(await store.get(userId)).toEqual(tokens)
      expect(store.size).toBe(1)
    })

  it('hands tokens keyed by a session to the caller, who starts the session', async () => {
    const { store, manager } = managed()
    const fate = await keepSignInTokens({
      keyedBy: 'session',
      userId,
      tokens,
      answered: false,
      store: manager,
    })
    expect(fate).toBe('session')
    expect(store.size).toBe(0)
  })

  it('drops tokens keyed by a session once the app answered: no handle could reach the browser', async () => {
    const { store, manager } = managed()
    const fate = await keepSignInTokens({
      keyedBy: 'session',
      userId,
      tokens,
      answered: true,
      store: manager,
    })
    expect(fate).toBe('dropped')
    expect(store.size).toBe(0)
  })
})
