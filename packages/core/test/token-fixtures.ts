import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { createLwaClient, type LwaClient, type TokenSet } from '../src/index.js'

/** Shared set-up of the token lifecycle and Music client tests: a real emulator over HTTP. */

export const CALLBACK = DEMO.returnUrls.expressDemo
export const ALICE = DEMO.users.alice.userId
export const BOB = DEMO.users.bob.userId

export interface Harness {
  emulator: Emulator
  client: LwaClient
  close(): Promise<void>
}

export async function startHarness(clientRetries = 2): Promise<Harness> {
  const emulator = await startEmulator({ port: 0 })
  const client = createLwaClient({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
    retries: clientRetries,
    timeoutMs: 5000,
  })
  return { emulator, client, close: () => emulator.close() }
}

/** Signs Alice in through the emulator's control API and swaps the code: a real token set. */
export async function signIn(
  h: Harness,
  scope = 'profile music::library:read',
  userId: string = ALICE,
): Promise<TokenSet> {
  const { location } = h.emulator.authorize({
    client_id: DEMO.webClientId,
    response_type: 'code',
    scope,
    redirect_uri: CALLBACK,
    state: 'test',
    user_id: userId,
  })
  const code = new URL(location).searchParams.get('code')
  if (!code) throw new Error('the emulator gave no code')
  return h.client.exchangeCode({ code, redirectUri: CALLBACK, scope })
}

/** The number of refresh_token grants the emulator has seen. */
export function refreshCount(emulator: Emulator): number {
  return emulator.requests().filter((r) => r.grant_type === 'refresh_token').length
}

/** A copy of `tokens` that expires `inMs` from now (negative: already expired) by our clock. */
export function expiringIn(tokens: TokenSet, inMs: number): TokenSet {
  return { ...tokens, expiresAt: Date.now() + inMs }
}
