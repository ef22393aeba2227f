/**
 * What the store throws when Redis cannot answer for now: a connection lost or refused, a Redis
 * Cluster failover in progress (`CLUSTERDOWN`, `TRYAGAIN`, `MOVED` loops, "Too many Cluster
 * redirections"), a replica promoted (`READONLY`), a node still loading. ioredis's own errors never
 * leave the store for these; callers get one retryable, typed error instead.
 *
 * @module
 */
import { LwaError } from '@lwa-kit/core'

/** Redis replies that mean "not now": the same command may succeed shortly. */
const TRANSIENT_REPLY =
  /^(CLUSTERDOWN|TRYAGAIN|MOVED|ASK|READONLY|LOADING|MASTERDOWN|NOREPLICAS|BUSY)\b/

/**
 * Redis (a node, or the cluster) could not answer for now: the connection was lost or refused, or
 * a Redis Cluster failover is in progress. Nothing was lost; try again shortly. Its code is core's
 * `LWA_NETWORK_ERROR` and it is `retryable`, so `isLwaError(err) && err.retryable` covers it.
 *
 * @example
 * ```ts
 * try { await tokens.getAccessToken(userId) } catch (err) {
 *   if (err instanceof RedisUnavailableError) res.status(503).set('Retry-After', '1').end()
 * }
 * ```
 */
export class RedisUnavailableError extends LwaError {
  /** The store operation that failed (`get`, `set`, `acquireLock`, ...). */
  declare readonly operation: string
  constructor(operation: string, cause: unknown) {
    super(
      'LWA_NETWORK_ERROR',
      `Redis did not answer the token store's ${operation} (${summary(cause)}); nothing was lost, try again shortly.`,
      { retryable: true, cause: plain(cause) },
      'RedisUnavailableError',
    )
    this.operation = operation
  }
}

/** Whether `err`, thrown by ioredis, means Redis may answer if asked again shortly. */
export function isTransientRedisError(err: unknown): boolean {
  if (!(err instanceof Error)) return false
  // A reply error is Redis saying no: only the failover and loading replies are temporary.
  if (err.name === 'ReplyError') return TRANSIENT_REPLY.test(err.message)
  // Anything else ioredis throws is about reaching Redis: connection closed, refused or reset,
  // command or connect timeouts, too many cluster redirections, every cluster node failed.
  return true
}

/** The first line of the message, short (ioredis messages name hosts and ports, never values). */
function summary(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause)
  const line = message.split('\n')[0] ?? ''
  return line.length > 160 ? `${line.slice(0, 157)}...` : line
}

/**
 * A copy of the cause without ioredis's `command` (whose arguments hold the sealed value): its
 * name, message and code only.
 */
function plain(cause: unknown): Error {
  const error = new Error(summary(cause))
  if (cause instanceof Error) {
    error.name = cause.name
    const code = (cause as { code?: unknown }).code
    if (typeof code === 'string') (error as Error & { code?: string }).code = code
  }
  return error
}
