/**
 * The options of the Amazon provider, checked once and shared by the provider config and the
 * `loginWithAmazon` plugin (one LWA client per options object).
 *
 * @module
 */
import {
  buildScope,
  createLwaClient,
  InvalidArgumentError,
  type LwaClient,
  type LwaEndpoints,
  type Region,
  resolveEndpoints,
  type ScopeData,
  type ScopeInput,
  withProfileScope,
} from '@lwa-kit/core'

/**
 * Options of {@link amazon}, the Amazon provider for Better Auth's `genericOAuth` plugin.
 *
 * @example
 * ```ts
 * const options: AmazonOptions = {
 *   clientId: process.env.LWA_CLIENT_ID!,
 *   clientSecret: process.env.LWA_CLIENT_SECRET!,
 *   scope: ['profile', 'music::library:read'],
 * }
 * ```
 */
export interface AmazonOptions {
  /** The Security Profile's web client id (`amzn1.application-oa2-client.…`). */
  clientId: string
  /** The web client's secret. Without it LWA issues no refresh token. */
  clientSecret?: string
  /** The LWA region of the Security Profile: `NA` (default), `EU` or `FE`. */
  region?: Region
  /** Endpoints instead of the region's, for example the emulator's (`emulator.endpoints`). */
  endpoints?: Partial<LwaEndpoints>
  /**
   * The scopes to request (default `profile`). `profile` is added when neither `profile` nor
   * `profile:user_id` is listed, because Better Auth needs the user id. `music::*` scopes go here.
   */
  scope?: ScopeInput
  /** `scope_data` for scopes that need it (`essential()`, `alexaAll()` from `@lwa-kit/core`). */
  scopeData?: ScopeData
  /** The Better Auth provider id (default `amazon`); the callback is `/callback/<providerId>`. */
  providerId?: string
  /**
   * The email of a user who granted only `profile:user_id` (LWA then sends no email, and Better
   * Auth needs one). Default: `<user id>@users.amazon.invalid`, a reserved domain no mail reaches.
   */
  emailForUserIdOnly?: (amazonUserId: string) => string
  /** Passed to Better Auth: refuse new users on sign-in (existing users still sign in). */
  disableSignUp?: boolean
  /** Passed to Better Auth: update the user's name and email from Amazon on every sign-in. */
  overrideUserInfo?: boolean
  /** A `fetch` for the calls to LWA (default: the global one). */
  fetch?: typeof fetch
  /** The time budget of each call to LWA, in milliseconds (default 10 000). */
  timeoutMs?: number
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  now?: () => number
}

/** Resolved options. @internal */
export interface ResolvedAmazon {
  providerId: string
  clientId: string
  endpoints: LwaEndpoints
  scope: string[]
  scopeData?: string
  client: LwaClient
  options: AmazonOptions
}

const resolved = new WeakMap<AmazonOptions, ResolvedAmazon>()

/** Checks and resolves the options once per options object. @internal */
export function resolveAmazon(options: AmazonOptions): ResolvedAmazon {
  if (!options || typeof options !== 'object')
    throw new InvalidArgumentError('amazon(options): pass an options object.')
  const known = resolved.get(options)
  if (known) return known
  if (typeof options.clientId !== 'string' || options.clientId.length === 0)
    throw new InvalidArgumentError(
      "amazon({ clientId }): the client id is empty. Pass your Security Profile's web client id (LWA_CLIENT_ID in the README).",
    )
  const region = options.region ?? 'NA'
  const endpoints = resolveEndpoints(region, options.endpoints)
  const built = buildScope(withProfileScope(options.scope), options.scopeData)
  const client = createLwaClient({
    clientId: options.clientId,
    clientSecret: options.clientSecret || undefined,
    region,
    endpoints,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    now: options.now,
  })
  const result: ResolvedAmazon = {
    providerId: options.providerId ?? 'amazon',
    clientId: options.clientId,
    endpoints,
    scope: built.scope.split(' '),
    ...(built.scopeData ? { scopeData: built.scopeData } : {}),
    client,
    options,
  }
  resolved.set(options, result)
  return result
}
