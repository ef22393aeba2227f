/**
 * The core objects a server-side adapter stands on, made once with the same defaults everywhere:
 * the LWA client, the token store (a `MemoryTokenStore` unless given), the token manager over both
 * and the cached bearer-token verifier.
 *
 * @module
 */
import { createLwaClient, type LwaClient } from './client.js'
import type { LwaClientOptions } from './client-context.js'
import { MemoryTokenStore } from './memory-token-store.js'
import { createTokenManager, type TokenManager } from './token-manager.js'
import type { TokenStore } from './token-store.js'
import { createTokenVerifier, type TokenVerifier } from './token-verifier.js'

/**
 * Options of {@link createLwaServices}: the client's (or a client), and the token settings.
 *
 * @example
 * ```ts
 * const options: LwaServicesOptions = { clientId, clientSecret, store: new MemoryTokenStore() }
 * ```
 */
export interface LwaServicesOptions extends Partial<LwaClientOptions> {
  /** An existing client instead of one made from the client options. */
  client?: LwaClient
  /** Where each user's tokens are kept (default: a `MemoryTokenStore`, one process). */
  store?: TokenStore
  /** How long before expiry an access token is refreshed, in milliseconds (default 10 minutes). */
  refreshAheadMs?: number
  /** How many verified bearer tokens the verifier keeps (default: the verifier's). */
  verifierCacheSize?: number
  /** A synchronous SHA-256 for the verifier's cache keys (on Node, `@lwa-kit/node`'s `nodeTokenHash`). */
  hash?: (token: string) => string
}

/**
 * The core objects of one app's Login with Amazon.
 *
 * @example
 * ```ts
 * const { tokens } = createLwaServices({ clientId })
 * const token = await tokens.getAccessToken(userId)
 * ```
 */
export interface LwaServices {
  /** The LWA client. */
  client: LwaClient
  /** The token store. */
  store: TokenStore
  /** The token manager over the client and store (refresh ahead of expiry, one at a time per key). */
  tokens: TokenManager
  /** The cached verifier of bearer tokens issued to the client. */
  verifier: TokenVerifier
}

/**
 * Makes the client, store, token manager and verifier of an app with core's defaults.
 *
 * @example
 * ```ts
 * const { client, store, tokens, verifier } = createLwaServices({
 *   clientId: process.env.LWA_CLIENT_ID!,
 *   clientSecret: process.env.LWA_CLIENT_SECRET,
 *   store: new MemoryTokenStore(),
 * })
 * ```
 */
export function createLwaServices(options: LwaServicesOptions): LwaServices {
  const client =
    options.client ??
    createLwaClient({
      clientId: options.clientId as string,
      clientSecret: options.clientSecret,
      region: options.region,
      endpoints: options.endpoints,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      now: options.now,
    })
  const store = options.store ?? new MemoryTokenStore()
  return {
    client,
    store,
    tokens: createTokenManager({
      client,
      store,
      refreshAheadMs: options.refreshAheadMs,
      now: options.now,
    }),
    verifier: createTokenVerifier({
      client,
      maxEntries: options.verifierCacheSize,
      hash: options.hash,
      now: options.now,
    }),
  }
}
