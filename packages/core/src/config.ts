/**
 * The smallest way to hold a client's settings: a config for the tree-shakeable functions
 * (`authorizationUrl(lwa, …)`, `handleCallback(lwa, …)`, `refreshTokens(lwa, …)`, …), so that an
 * app bundles only the flows it calls.
 *
 * @module
 */
import { type ClientContext, createClientContext, type LwaClientOptions } from './client-context.js'
import { InvalidArgumentError } from './errors.js'
import type { LwaEndpoints, Region } from './regions.js'

/**
 * A client's public settings. Made by {@link createLwaConfig} (or {@link createLwaClient}, whose
 * client is a config too); the secret and the HTTP settings stay hidden inside, never in
 * `JSON.stringify` or `console.log`.
 *
 * @example
 * ```ts
 * const lwa: LwaConfig = createLwaConfig({ clientId, clientSecret })
 * lwa.endpoints.tokenEndpoint // 'https://api.amazon.com/auth/o2/token'
 * ```
 */
export interface LwaConfig {
  /** The client id. */
  readonly clientId: string
  /** The region. */
  readonly region: Region
  /** The endpoints this client calls. */
  readonly endpoints: Readonly<LwaEndpoints>
}

// Symbol.for: a config made by another copy of the package still works.
const CONTEXT: unique symbol = /* @__PURE__ */ Symbol.for('lwa-kit.context') as never

/**
 * Attaches a client's hidden context to its public face (not enumerable: never logged).
 *
 * @internal
 */
export function withContext<T extends object>(face: T, ctx: ClientContext): T & LwaConfig {
  return Object.defineProperty(face, CONTEXT, { value: ctx }) as T & LwaConfig
}

/**
 * The hidden context of a config or client (a context passes through as it is).
 *
 * @internal
 */
export function contextOf(config: LwaConfig): ClientContext {
  const ctx = ((config as { [CONTEXT]?: ClientContext } | undefined)?.[CONTEXT] ??
    config) as ClientContext
  if (!ctx?.http)
    throw new InvalidArgumentError('Pass a value from createLwaConfig or createLwaClient.')
  return ctx
}

/**
 * Creates a Login with Amazon config for the standalone functions. It takes the same options as
 * {@link createLwaClient} but carries no methods, so a bundler keeps only the functions you
 * import: web sign-in alone is about 7.5 KB gzipped.
 *
 * @throws {InvalidArgumentError} without a client id or a `fetch`.
 * @example
 * ```ts
 * import { authorizationUrl, createLwaConfig, handleCallback, scopes } from '@lwa-kit/core'
 *
 * const lwa = createLwaConfig({ clientId: process.env.LWA_CLIENT_ID!, clientSecret: process.env.LWA_CLIENT_SECRET })
 * const request = await authorizationUrl(lwa, { scope: scopes.profile, redirectUri })
 * const tokens = await handleCallback(lwa, req.url, { ...request })
 * ```
 */
export function createLwaConfig(options: LwaClientOptions): LwaConfig {
  const ctx = createClientContext(options)
  return Object.freeze(
    withContext(
      {
        clientId: ctx.clientId,
        region: ctx.region,
        endpoints: Object.freeze({ ...ctx.endpoints }),
      },
      ctx,
    ),
  )
}
