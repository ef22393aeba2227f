/**
 * A cached access-token verifier for bearer middleware: one token info call per token, kept
 * until the token expires.
 *
 * @module
 */
import type { LwaClient } from './client.js'
import { base64UrlEncode, sha256 } from './lib/bytes.js'
import type { CallOptions } from './lib/http.js'
import { checkAccessToken, type TokenInfo } from './token-info.js'

/**
 * Options of {@link createTokenVerifier}.
 *
 * @example
 * ```ts
 * const options: TokenVerifierOptions = { client: lwa, maxEntries: 5000 }
 * ```
 */
export interface TokenVerifierOptions {
  /** The client whose id the tokens must have been issued to. */
  client: Pick<LwaClient, 'verifyAccessToken'>
  /** How many verified tokens to remember (default 1000; the oldest go first). */
  maxEntries?: number
  /** The clock in ms (default `Date.now`). */
  now?: () => number
}

/**
 * Verifies access tokens with a cache.
 *
 * @example
 * ```ts
 * const info = await verifier.verify(bearerToken)
 * ```
 */
export interface TokenVerifier {
  /** Token info for a token issued to this client; throws like {@link LwaClient.verifyAccessToken}. */
  verify(token: string, options?: CallOptions): Promise<TokenInfo>
  /** Forgets every cached result. */
  clear(): void
  /** How many tokens are cached now. */
  readonly size: number
}

/**
 * A verifier for bearer tokens: {@link LwaClient.verifyAccessToken} with a bounded cache keyed by
 * the SHA-256 of the token (the token itself is never kept), each entry kept until the token
 * expires. Concurrent checks of one token (without their own signal) share one request;
 * failures are not cached.
 *
 * @example
 * ```ts
 * const verifier = createTokenVerifier({ client: lwa })
 * app.use(async (req, res, next) => {
 *   const token = req.headers.authorization?.replace(/^Bearer /i, '')
 *   try {
 *     req.lwa = await verifier.verify(token ?? '')
 *     next()
 *   } catch {
 *     res.status(401).end()
 *   }
 * })
 * ```
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const client = options.client
  const maxEntries = Math.max(1, Math.floor(options.maxEntries ?? 1000))
  const now = options.now ?? Date.now
  const cache = new Map<string, TokenInfo>()
  const inFlight = new Map<string, Promise<TokenInfo>>()

  const remember = (key: string, info: TokenInfo) => {
    cache.delete(key)
    while (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string)
    cache.set(key, Object.freeze(info))
  }

  return {
    async verify(token, callOptions) {
      const key = base64UrlEncode(await sha256(checkAccessToken(token)))
      const cached = cache.get(key)
      if (cached) {
        if (cached.expiresAt > now()) return cached
        cache.delete(key)
      }
      const run = () =>
        client.verifyAccessToken(token, callOptions).then((info) => {
          if (info.expiresAt > now()) remember(key, info)
          return info
        })
      // A caller's own signal must not cancel another caller's check.
      if (callOptions?.signal) return run()
      let pending = inFlight.get(key)
      if (!pending) {
        pending = run().finally(() => inFlight.delete(key))
        inFlight.set(key, pending)
      }
      return pending
    },
    clear() {
      cache.clear()
    },
    get size() {
      return cache.size
    },
  }
}
