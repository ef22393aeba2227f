/**
 * Scopes and `scope_data`: named constants, and a builder that refuses malformed scopes before
 * anything is sent.
 *
 * @module
 */
import { InvalidArgumentError } from './errors.js'

/**
 * The scopes lwa-kit knows by name. Any other well-formed scope string is accepted too.
 *
 * @example
 * ```ts
 * const scope = [scopes.profile, scopes.music.libraryRead, scopes.music.profileRead]
 * ```
 */
export const scopes = Object.freeze({
  /** Name, email and user id (shows a consent screen the first time). */
  profile: 'profile',
  /** The user id only (no consent screen). */
  profileUserId: 'profile:user_id',
  /** The postal code, added to the profile. */
  postalCode: 'postal_code',
  /** Alexa Voice Service; needs `scope_data` (use {@link alexaAll}). */
  alexaAll: 'alexa:all',
  /** Amazon Music scopes. They work only once Amazon Music has enabled your Security Profile. */
  music: Object.freeze({
    /** The Amazon Music Device API scope (code pair with a device client id). */
    access: 'amazon_music:access',
    /** Catalog and search (Web API). */
    catalog: 'music::catalog',
    /** Library and playlists, read and write. */
    library: 'music::library',
    /** Library and playlists, read only. */
    libraryRead: 'music::library:read',
    /** Follows and likes, read and write. */
    favorites: 'music::favorites',
    /** Follows and likes, read only. */
    favoritesRead: 'music::favorites:read',
    /** Recently played. */
    history: 'music::history',
    /** Playback and device discovery. */
    playback: 'music::playback',
    /** The Music profile, read and write. */
    profile: 'music::profile',
    /** The Music profile, read only (`/v2/me`). */
    profileRead: 'music::profile:read',
    /** Recommendations. */
    recommendation: 'music::recommendation',
  }),
})

/**
 * One scope or several: a string (several scopes separated by spaces) or an array of scopes.
 *
 * @example
 * ```ts
 * const a: ScopeInput = 'profile postal_code'
 * const b: ScopeInput = [scopes.profile, scopes.postalCode]
 * ```
 */
export type ScopeInput = string | readonly string[]

/**
 * LWA's `scope_data`: an object keyed by scope name (essential/voluntary flags, Alexa device data).
 *
 * @example
 * ```ts
 * const data: ScopeData = { profile: { essential: true } }
 * ```
 */
export type ScopeData = Record<string, unknown>

/**
 * Scopes with the `scope_data` they need, ready to spread into a request.
 *
 * @example
 * ```ts
 * const linked: ScopedRequest = alexaAll({ productId: 'MyProduct', deviceSerialNumber: 'DSN-1' })
 * await lwa.requestCodePair({ ...linked })
 * ```
 */
export interface ScopedRequest {
  scope: string[]
  scopeData: ScopeData
}

/**
 * The wire form of scopes: what goes into `scope` and `scope_data`.
 *
 * @example
 * ```ts
 * const built: BuiltScope = buildScope(['profile'])
 * ```
 */
export interface BuiltScope {
  /** Scopes joined with single spaces, without duplicates. */
  scope: string
  /** Compact JSON for `scope_data`, when there is any. */
  scopeData?: string
}

// RFC 6749 scope-token characters (%x21 / %x23-5B / %x5D-7E), minus the comma that some apps
// wrongly use as a separator.
const SCOPE_TOKEN = /^[\x21\x23-\x2B\x2D-\x5B\x5D-\x7E]+$/
const MAX_SCOPE_LENGTH = 256

function describe(value: unknown): string {
  if (typeof value !== 'string') return `a ${value === null ? 'null' : typeof value}`
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
}

function checkScope(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new InvalidArgumentError(`A scope must be a non-empty string, got ${describe(value)}.`)
  if (value.includes(','))
    throw new InvalidArgumentError(
      `The scope ${describe(value)} contains a comma: separate scopes with spaces (or pass an array).`,
    )
  if (value.length > MAX_SCOPE_LENGTH || !SCOPE_TOKEN.test(value))
    throw new InvalidArgumentError(
      `The scope ${describe(value)} is malformed: a scope is printable ASCII without spaces, quotes, commas or backslashes.`,
    )
  return value
}

/**
 * Turns scopes into a clean list: splits a space-separated string, checks each scope, removes
 * duplicates (keeping the first position), and refuses an empty list (LWA requires a scope).
 *
 * @throws {InvalidArgumentError} for an empty list or a malformed scope.
 * @example
 * ```ts
 * normalizeScopes('profile  profile postal_code') // ['profile', 'postal_code']
 * ```
 */
export function normalizeScopes(scope: ScopeInput): string[] {
  let items: readonly unknown[]
  if (typeof scope === 'string') {
    if (/[^\x20-\x7E]/.test(scope))
      throw new InvalidArgumentError(
        'The scope string contains a control or non-ASCII character; separate scopes with single spaces.',
      )
    items = scope.split(' ').filter((part) => part.length > 0)
  } else if (Array.isArray(scope)) {
    items = scope
  } else {
    throw new InvalidArgumentError(
      `scope must be a string or an array of strings, got ${describe(scope)}.`,
    )
  }
  const seen = new Set<string>()
  for (const item of items) seen.add(checkScope(item))
  if (seen.size === 0)
    throw new InvalidArgumentError(
      'At least one scope is required: LWA refuses a request without one.',
    )
  return [...seen]
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue
    const current = target[key]
    if (isPlainObject(current) && isPlainObject(value)) {
      const copy: Record<string, unknown> = { ...current }
      mergeInto(copy, value)
      target[key] = copy
    } else {
      target[key] = isPlainObject(value) ? mergeDeep({}, value) : value
    }
  }
}

function mergeDeep(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
): Record<string, unknown> {
  mergeInto(target, source)
  return target
}

/**
 * Merges several `scope_data` objects, deeply per scope (later values win).
 *
 * @throws {InvalidArgumentError} when a part is not a plain object.
 * @example
 * ```ts
 * mergeScopeData(essential(scopes.profile), voluntary(scopes.postalCode))
 * // { profile: { essential: true }, postal_code: { essential: false } }
 * ```
 */
export function mergeScopeData(...parts: readonly (ScopeData | undefined)[]): ScopeData {
  const merged: Record<string, unknown> = {}
  for (const part of parts) {
    if (part === undefined) continue
    if (!isPlainObject(part))
      throw new InvalidArgumentError('scope_data must be a plain object keyed by scope name.')
    mergeInto(merged, part)
  }
  return merged
}

function flag(essentialValue: boolean, list: readonly string[]): ScopeData {
  const data: ScopeData = {}
  for (const scope of normalizeScopes(list)) data[scope] = { essential: essentialValue }
  return data
}

/**
 * Marks scopes as essential: the user cannot untick them on the consent page.
 *
 * @example
 * ```ts
 * await lwa.authorizationUrl({ scope: [scopes.profile], scopeData: essential(scopes.profile), redirectUri })
 * ```
 */
export function essential(...scopeList: string[]): ScopeData {
  return flag(true, scopeList)
}

/**
 * Marks scopes as voluntary: the user may untick them on the consent page.
 *
 * @example
 * ```ts
 * const scopeData = mergeScopeData(essential(scopes.profile), voluntary(scopes.postalCode))
 * ```
 */
export function voluntary(...scopeList: string[]): ScopeData {
  return flag(false, scopeList)
}

/**
 * Identifies one Alexa-enabled device.
 *
 * @example
 * ```ts
 * const device: DeviceIdentity = { productId: 'MySpeaker', deviceSerialNumber: 'SN-0001' }
 * ```
 */
export interface DeviceIdentity {
  /** The AVS product id of the device type (`productID`). */
  productId: string
  /** This device's serial number (`deviceSerialNumber`). */
  deviceSerialNumber: string
}

function deviceData(device: DeviceIdentity): Record<string, unknown> {
  const { productId, deviceSerialNumber } = device ?? ({} as DeviceIdentity)
  for (const [name, value] of [
    ['productId', productId],
    ['deviceSerialNumber', deviceSerialNumber],
  ] as const) {
    if (typeof value !== 'string' || value.length === 0 || /[^\x20-\x7E]/.test(value))
      throw new InvalidArgumentError(`${name} must be a non-empty printable ASCII string.`)
  }
  return { productID: productId, productInstanceAttributes: { deviceSerialNumber } }
}

/**
 * The `alexa:all` scope with the `scope_data` LWA requires for it.
 *
 * @example
 * ```ts
 * const pair = await lwa.requestCodePair({ ...alexaAll({ productId: 'MyProduct', deviceSerialNumber: 'DSN-1' }) })
 * ```
 */
export function alexaAll(device: DeviceIdentity): ScopedRequest {
  return { scope: [scopes.alexaAll], scopeData: { [scopes.alexaAll]: deviceData(device) } }
}

/**
 * Amazon Music (`amazon_music:access`) and Alexa (`alexa:all`) in one grant, on one client id, as
 * Amazon Music's documentation asks, with the `scope_data` of both.
 *
 * @example
 * ```ts
 * const tokens = await lwa.deviceLogin({
 *   ...musicAndAlexa({ productId: 'MySpeaker', deviceSerialNumber: 'DSN-1' }),
 *   onCode: (pair) => console.log(pair.userCode),
 * })
 * ```
 */
export function musicAndAlexa(device: DeviceIdentity): ScopedRequest {
  const data = deviceData(device)
  return {
    scope: [scopes.music.access, scopes.alexaAll],
    scopeData: {
      [scopes.music.access]: data,
      [scopes.alexaAll]: mergeDeep({}, data),
    },
  }
}

function checkAlexaData(data: ScopeData): void {
  const entry = data[scopes.alexaAll]
  const attributes = isPlainObject(entry) ? entry.productInstanceAttributes : undefined
  if (
    !isPlainObject(entry) ||
    typeof entry.productID !== 'string' ||
    !isPlainObject(attributes) ||
    typeof attributes.deviceSerialNumber !== 'string'
  )
    throw new InvalidArgumentError(
      'alexa:all needs scope_data with productID and deviceSerialNumber: use alexaAll().',
    )
}

/**
 * The scopes of a sign-in that needs to know who signed in (next-auth, Better Auth): the list
 * cleaned as {@link normalizeScopes} does, with `profile` first unless `profile` or
 * `profile:user_id` is already there. No scope at all gives `['profile']`.
 *
 * @throws {InvalidArgumentError} for a malformed scope.
 * @example
 * ```ts
 * withProfileScope('amazon_music:access') // ['profile', 'amazon_music:access']
 * withProfileScope(['profile:user_id'])   // ['profile:user_id']
 * ```
 */
export function withProfileScope(scope?: ScopeInput): string[] {
  const none =
    scope === undefined || (typeof scope === 'string' ? scope.trim() : scope).length === 0
  const list = none ? [] : normalizeScopes(scope)
  if (!list.includes(scopes.profile) && !list.includes(scopes.profileUserId))
    list.unshift(scopes.profile)
  return list
}

/**
 * Builds the wire form of scopes and `scope_data`: scopes joined by single spaces without
 * duplicates, and `scope_data` as compact JSON whose keys must all be requested scopes.
 *
 * @throws {InvalidArgumentError} for no scope, a malformed scope, `scope_data` that is not an
 * object of objects or names a scope not requested, or `alexa:all` without its device data.
 * @example
 * ```ts
 * buildScope([scopes.profile, scopes.postalCode], essential(scopes.profile))
 * // { scope: 'profile postal_code', scopeData: '{"profile":{"essential":true}}' }
 * ```
 */
export function buildScope(scope: ScopeInput, scopeData?: ScopeData): BuiltScope {
  try {
    return build(scope, scopeData)
  } catch (err) {
    if (err instanceof InvalidArgumentError) throw err
    throw new InvalidArgumentError('scope and scope_data must be plain JSON values.')
  }
}

function build(scope: ScopeInput, scopeData: ScopeData | undefined): BuiltScope {
  const list = normalizeScopes(scope)
  const data = scopeData ?? {}
  if (!isPlainObject(data))
    throw new InvalidArgumentError('scope_data must be a plain object keyed by scope name.')
  for (const [key, value] of Object.entries(data)) {
    if (!list.includes(key))
      throw new InvalidArgumentError(
        `scope_data names ${describe(key)}, which is not among the requested scopes.`,
      )
    if (!isPlainObject(value))
      throw new InvalidArgumentError(`scope_data for ${describe(key)} must be an object.`)
  }
  if (list.includes(scopes.alexaAll)) checkAlexaData(data)
  if (Object.keys(data).length === 0) return { scope: list.join(' ') }
  return { scope: list.join(' '), scopeData: JSON.stringify(data) }
}
