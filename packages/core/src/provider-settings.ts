/**
 * The settings of an Amazon provider, checked and defaulted once for every framework that signs in
 * through another library's OAuth machinery (next-auth v4, Auth.js, Better Auth): the client id
 * checked, region `NA`, the region's endpoints under any overrides, `profile` added to the scopes,
 * `scope_data` as JSON, and one LWA client per options object.
 *
 * @module
 */
import { createLwaClient, type LwaClient } from './client.js'
import { InvalidArgumentError } from './errors.js'
import { type LwaEndpoints, type Region, resolveEndpoints } from './regions.js'
import { buildScope, type ScopeData, type ScopeInput, withProfileScope } from './scopes.js'

/**
 * The options every Amazon provider takes (a framework's provider adds its own).
 *
 * @example
 * ```ts
 * const options: LwaProviderOptions = {
 *   clientId: process.env.LWA_CLIENT_ID!,
 *   clientSecret: process.env.LWA_CLIENT_SECRET!,
 *   scope: ['profile', 'music::library:read'],
 * }
 * ```
 */
export interface LwaProviderOptions {
  /** The Security Profile's web client id (`amzn1.application-oa2-client.…`). */
  clientId: string
  /** The web client's secret. Without it LWA issues no refresh token. */
  clientSecret?: string
  /** The LWA region of the Security Profile: `NA` (default), `EU` or `FE`. */
  region?: Region
  /** Endpoints to use instead of the region's, for example the emulator's (`emulator.endpoints`). */
  endpoints?: Partial<LwaEndpoints>
  /**
   * The scopes to request (default `profile`). `profile` is added when neither `profile` nor
   * `profile:user_id` is listed, because signing in needs the user id. Amazon Music scopes
   * (`music::*`) and `alexa:all` go here too.
   */
  scope?: ScopeInput
  /** `scope_data` for scopes that need it (`essential()`, `alexaAll()`: `{ productID, productInstanceAttributes }`). */
  scopeData?: ScopeData
  /** A `fetch` for the calls to LWA (default: the global one). */
  fetch?: typeof fetch
  /** The time budget of each call to LWA, in milliseconds (default 10 000). */
  timeoutMs?: number
  /**
   * The clock, in milliseconds since the epoch (default `Date.now`): when tokens expire, and when
   * they are due for a refresh. A demo that follows the emulator's clock sets it.
   */
  now?: () => number
}

/**
 * Provider options, checked and defaulted by {@link resolveProviderSettings}.
 *
 * @example
 * ```ts
 * const settings: LwaProviderSettings = resolveProviderSettings(options)
 * settings.scope // ['profile', 'music::library:read']
 * ```
 */
export interface LwaProviderSettings {
  /** The client id, checked to be there. */
  readonly clientId: string
  /** The client secret, when there is one. */
  readonly clientSecret?: string
  /** The region's endpoints under the options' overrides. */
  readonly endpoints: LwaEndpoints
  /** The scopes to request, `profile` (or `profile:user_id`) among them, without duplicates. */
  readonly scope: string[]
  /** The `scope_data` JSON, when any. */
  readonly scopeData?: string
  /** The LWA client of these settings. */
  readonly client: LwaClient
  /**
   * A client for another client id of the same Security Profile (a device or a mobile app's
   * client): the same endpoints, `fetch`, time budget and clock. Without a client id, the
   * settings' own {@link LwaProviderSettings.client}.
   */
  clientFor(clientId: string | undefined): LwaClient
}

/**
 * What {@link resolveProviderSettings} says when the options are not usable.
 *
 * @example
 * ```ts
 * const messages: ProviderSettingsMessages = { name: 'amazon', missingClientId: 'Set LWA_CLIENT_ID.' }
 * ```
 */
export interface ProviderSettingsMessages {
  /** The provider function, for `<name>(options): pass an options object.` (default `Amazon`). */
  name?: string
  /** The message of a missing or empty client id (it should say which setting to set). */
  missingClientId?: string
}

const resolved = new WeakMap<object, LwaProviderSettings>()

/** The value when it is a non-empty string, else undefined. */
function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

/**
 * Checks and defaults an Amazon provider's options, once per options object (later calls with the
 * same object get the same settings and LWA client). A framework calls it on first use, so that a
 * build without the LWA variables works.
 *
 * @throws {InvalidArgumentError} (`LWA_INVALID_ARGUMENT`) for a missing options object or client
 * id, an unknown region, or a malformed scope or `scope_data`; the secret is never in the message.
 * @example
 * ```ts
 * import { resolveProviderSettings } from '@lwa-kit/core'
 *
 * const settings = resolveProviderSettings({ clientId: process.env.LWA_CLIENT_ID!, scope: 'music::library:read' })
 * settings.scope // ['profile', 'music::library:read']
 * const tokens = await settings.client.exchangeCode({ code, redirectUri, codeVerifier, scope: settings.scope })
 * ```
 */
export function resolveProviderSettings(
  options: LwaProviderOptions,
  messages: ProviderSettingsMessages = {},
): LwaProviderSettings {
  if (!options || typeof options !== 'object')
    throw new InvalidArgumentError(`${messages.name ?? 'Amazon'}(options): pass an options object.`)
  const known = resolved.get(options)
  if (known) return known
  const clientId = nonEmpty(options.clientId)
  if (!clientId)
    throw new InvalidArgumentError(
      messages.missingClientId ??
        `${messages.name ?? 'Amazon'}({ clientId }): the client id is empty. Pass your Security Profile's web client id.`,
    )
  const clientSecret = nonEmpty(options.clientSecret)
  const region = options.region ?? 'NA'
  const endpoints = resolveEndpoints(region, options.endpoints)
  const built = buildScope(withProfileScope(options.scope), options.scopeData)
  const { fetch, timeoutMs, now } = options
  const clientFor = (id: string, secret?: string) =>
    createLwaClient({
      clientId: id,
      clientSecret: secret,
      region,
      endpoints,
      fetch,
      timeoutMs,
      now,
    })
  const client = clientFor(clientId, clientSecret)
  const settings: LwaProviderSettings = {
    clientId,
    ...(clientSecret ? { clientSecret } : {}),
    endpoints,
    scope: built.scope.split(' '),
    ...(built.scopeData ? { scopeData: built.scopeData } : {}),
    client,
    clientFor: (id) => (id ? clientFor(id) : client),
  }
  resolved.set(options, settings)
  return settings
}
