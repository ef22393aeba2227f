/**
 * A cached access-token verifier for bearer middleware: one token info call per token, kept
 * until the token expires.
 *
 * @module
 */
import type { LwaClient } from './client.js'
import { base64UrlEncode, sha256 } from './lib/bytes.js'
import type { CallOptions } from './lib/http.js'
import { createSingleFlight } from './single-flight.js'
import { checkAccessToken, type TokenInfo } from './token-info.js'
import { isAccessTokenShape } from './web/authorization-header.js'

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
  /**
   * A synchronous, collision-resistant hash of the token to key the cache with, e.g. SHA-256 from
   * `node:crypto` (default: Web Crypto's SHA-256, which is asynchronous and costs more per
   * request). The token itself is never kept.
   *
   * @example
   * ```ts
   * import { createHash } from 'node:crypto'
   * const hash = (token: string) => createHash('sha256').update(token).digest('base64url')
   * ```
   */
  hash?: (token: string) => string
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
  /**
   * The cached token info of a token, synchronously: undefined when it is not cached (or has
   * expired), and always undefined without a synchronous `hash` option. Lets middleware answer a
   * cached token without waiting a turn; fall back to {@link TokenVerifier.verify}. It answers
   * only tokens of an access token's shape (`isAccessTokenShape`), the only ones kept: the bearer
   * check asks it before its shape check (a verifier of your own must keep that rule).
   */
  peek(token: string): TokenInfo | undefined
  /** Forgets every cached result. */
  clear(): void
  /** How many tokens are cached now. */
  readonly size: number
}

/**
 * A verifier for bearer tokens: {@link LwaClient.verifyAccessToken} with a bounded cache keyed by
 * the SHA-256 of the token (the token itself is never kept), each entry kept until the token
 * expires. Concurrent checks of one token (without their own signal) share one request;
 * failures are not cached, nor is a token without an access token's shape (`Atza|…`). On Node,
 * pass a synchronous `hash` (SHA-256 from `node:crypto`) so a cached token is answered without an
 * asynchronous digest.
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
  const hash = options.hash
  const cache = new Map<string, TokenInfo>()
  // Core's one in-flight mechanism: concurrent checks of one token share one request.
  const inFlight = createSingleFlight<TokenInfo>()

  const remember = (key: string, info: TokenInfo) => {
    cache.delete(key)
    while (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string)
    cache.set(key, Object.freeze(info))
  }

  const fresh = (key: string): TokenInfo | undefined => {
    const cached = cache.get(key)
    if (!cached) return undefined
    if (cached.expiresAt > now()) return cached
    cache.delete(key)
    return undefined
  }

  const check = (key: string, token: string, callOptions?: CallOptions): Promise<TokenInfo> => {
    const cached = fresh(key)
    if (cached) return Promise.resolve(cached)
    const run = () =>
      client.verifyAccessToken(token, callOptions).then((info) => {
        // Only a token of an access token's shape is kept: the bearer check looks its cache up
        // before the shape check, so a token it would refuse unasked must never be in it.
        if (info.expiresAt > now() && isAccessTokenShape(token)) remember(key, info)
        return info
      })
    // A caller's own signal must not cancel another caller's check.
    if (callOptions?.signal) return run()
    return inFlight.run(key, run)
  }

  return {
    verify(token, callOptions) {
      let checked: string
      let key: string | undefined
      try {
        checked = checkAccessToken(token)
        if (hash) key = hash(checked)
      } catch (err) {
        return Promise.reject(err)
      }
      if (key !== undefined) return check(key, checked, callOptions)
      return sha256(checked).then((digest) => check(base64UrlEncode(digest), checked, callOptions))
    },
    peek(token) {
      if (!hash || typeof token !== 'string' || token.length > 4096 || cache.size === 0)
        return undefined
      return fresh(hash(token))
    },
    clear() {
      cache.clear()
    },
    get size() {
      return cache.size
    },
  }
}
