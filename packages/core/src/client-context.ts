/**
 * The low-level client context: a client's id, secret, endpoints and HTTP settings, made once
 * from {@link LwaClientOptions}. Every flow (`authorization-url`, `web-sign-in`, `code-pair`,
 * `token-info`, `profile`, …) works on it; `createLwaClient` (client.ts) composes those flows and
 * imports this file, never the other way round.
 *
 * @module
 */
import { InvalidArgumentError } from './errors.js'
import { utf8 } from './lib/bytes.js'
import type { HttpContext } from './lib/http.js'
import { type LwaEndpoints, type Region, resolveEndpoints } from './regions.js'

/**
 * Settings of `createLwaClient` and `createLwaConfig`.
 *
 * @example
 * ```ts
 * const options: LwaClientOptions = {
 *   clientId: process.env.LWA_CLIENT_ID!,
 *   clientSecret: process.env.LWA_CLIENT_SECRET,
 *   region: 'EU',
 *   timeoutMs: 5000,
 * }
 * const lwa = createLwaClient(options)
 * ```
 */
export interface LwaClientOptions {
  /** The Security Profile's client id (`amzn1.application-oa2-client.…`). */
  clientId: string
  /** The client secret of a web client. Leave it out for device and browser-only clients. */
  clientSecret?: string
  /** The LWA region whose hosts are used (default `NA`). */
  region?: Region
  /** Endpoints to use instead of the region's, for example `emulator.endpoints`. */
  endpoints?: Partial<LwaEndpoints>
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch
  /** The time budget of each call, retries included, in milliseconds (default 10 000). */
  timeoutMs?: number
  /** How many times an idempotent call is retried on network errors and 5xx (default 2). */
  retries?: number
  /** The clock, in milliseconds since the epoch (default `Date.now`). For tests. */
  now?: () => number
}

/** The internals a client's methods share. @internal */
export interface ClientContext {
  clientId: string
  clientSecret?: string
  region: Region
  endpoints: LwaEndpoints
  http: HttpContext
}

/** Builds the shared context of a client from its options. @internal */
export function createClientContext(options: LwaClientOptions): ClientContext {
  if (!options || typeof options.clientId !== 'string' || options.clientId.length === 0)
    throw new InvalidArgumentError(
      'createLwaClient needs a clientId (amzn1.application-oa2-client.…).',
    )
  if (utf8(options.clientId).length > 100)
    throw new InvalidArgumentError('The client id is longer than LWA allows (100 bytes).')
  const fetchImpl = options.fetch ?? globalThis.fetch
  if (typeof fetchImpl !== 'function')
    throw new InvalidArgumentError('No fetch is available: pass one as the fetch option.')
  return {
    clientId: options.clientId,
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    region: options.region ?? 'NA',
    endpoints: resolveEndpoints(options.region ?? 'NA', options.endpoints),
    http: {
      fetch: options.fetch ? options.fetch : (input, init) => globalThis.fetch(input, init),
      timeoutMs: options.timeoutMs ?? 10_000,
      retries: options.retries ?? 2,
      now: options.now ?? Date.now,
      random: Math.random,
    },
  }
}
