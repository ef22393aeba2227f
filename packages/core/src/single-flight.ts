/**
 * Single-flight: concurrent callers with the same key share one run of a task, and, for a while,
 * its result. It is core's one in-flight mechanism: the token manager's refreshes (and so
 * `createSharedRefresh`) and the token verifier's token info calls run through it.
 *
 * Web standards only: it runs on Node, in browsers and on edge runtimes.
 *
 * @module
 */
/**
 * Settings of {@link createSingleFlight}.
 *
 * @example
 * ```ts
 * const options: SingleFlightOptions<TokenInfo> = { keepFor: (info) => info.expiresAt - Date.now(), maxEntries: 5000 }
 * ```
 */
export interface SingleFlightOptions<T> {
  /**
   * How long a result keeps answering its key after it settled, in milliseconds (default: 0, so
   * only callers that arrive while the task runs share it). Failures are never kept.
   */
  keepFor?: (value: T) => number
  /** The most results kept; the oldest go first (default 1000). */
  maxEntries?: number
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  now?: () => number
}

/**
 * A single-flight group. Create one with {@link createSingleFlight}.
 *
 * @example
 * ```ts
 * const flights: SingleFlight<TokenInfo> = createSingleFlight()
 * const info = await flights.run(tokenHash, () => lwa.verifyAccessToken(token))
 * ```
 */
export interface SingleFlight<T> {
  /**
   * Runs `task` for `key`, unless a run for `key` is under way or a kept result is still fresh:
   * then answers with that one.
   */
  run(key: string, task: () => Promise<T>): Promise<T>
  /** Drops what is held for `key`. */
  forget(key: string): void
  /** How many keys are held (running or kept). */
  readonly size: number
}

interface Entry<T> {
  promise: Promise<T>
  /** Until when a settled result answers; `undefined` while running. */
  until?: number
}

/**
 * Creates a single-flight group: one task per key at a time, its result shared.
 *
 * @example
 * ```ts
 * import { createSingleFlight } from '@lwa-kit/core'
 *
 * const flights = createSingleFlight<TokenSet>({ keepFor: (t) => t.expiresAt - Date.now() })
 * const [a, b] = await Promise.all([
 *   flights.run(refreshToken, () => lwa.refresh(refreshToken)),
 *   flights.run(refreshToken, () => lwa.refresh(refreshToken)), // shares the first call
 * ])
 * ```
 */
export function createSingleFlight<T>(options: SingleFlightOptions<T> = {}): SingleFlight<T> {
  const entries = new Map<string, Entry<T>>()
  const now = options.now ?? Date.now
  const maxEntries = Math.max(1, options.maxEntries ?? 1000)

  function evict(): void {
    if (entries.size <= maxEntries) return
    for (const [key, entry] of entries) {
      if (entries.size <= maxEntries) break
      if (entry.until !== undefined) entries.delete(key)
    }
  }

  return {
    run(key, task) {
      const held = entries.get(key)
      if (held && (held.until === undefined || held.until > now())) return held.promise
      if (held) entries.delete(key)
      const entry: Entry<T> = { promise: Promise.resolve().then(task) }
      entries.set(key, entry)
      entry.promise.then(
        (value) => {
          if (entries.get(key) !== entry) return
          const keep = options.keepFor ? options.keepFor(value) : 0
          if (keep > 0 && Number.isFinite(keep)) {
            entry.until = now() + keep
            evict()
          } else entries.delete(key)
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key)
        },
      )
      evict()
      return entry.promise
    },
    forget(key) {
      entries.delete(key)
    },
    get size() {
      return entries.size
    },
  }
}
