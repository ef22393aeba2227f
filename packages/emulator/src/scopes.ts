import type { SecurityProfile } from './types.js'

/** Scopes, their plain-words descriptions, and the rules for who may ask them. @internal */

const LWA_SCOPES: Record<string, string> = {
  profile: 'Your name and email address',
  'profile:user_id': 'Your Amazon user id',
  postal_code: 'Your postal code',
  'alexa:all': 'Use Alexa on this device',
  'alexa::ask:skills:readwrite': 'Create and manage your Alexa skills',
  'alexa::ask:models:readwrite': 'Create and manage the interaction models of your Alexa skills',
  'alexa::ask:skills:test': 'Test your Alexa skills',
}

const MUSIC_SCOPES: Record<string, string> = {
  'amazon_music:access': 'Play Amazon Music on this device',
  'music::catalog': 'Search and browse the Amazon Music catalog',
  'music::library': 'View and change your Amazon Music library and playlists',
  'music::library:read': 'View your Amazon Music library and playlists',
  'music::favorites': 'View and change the artists and music you follow and like',
  'music::favorites:read': 'View the artists and music you follow and like',
  'music::history': 'View what you recently played on Amazon Music',
  'music::playback': 'Control Amazon Music playback on your devices',
  'music::profile': 'View and change your Amazon Music profile',
  'music::profile:read': 'View your Amazon Music profile',
  'music::recommendation': 'View your Amazon Music recommendations',
}

/** Scopes that need device data in `scope_data`. */
const DEVICE_DATA_SCOPES = new Set(['alexa:all'])

export function isMusicScope(scope: string): boolean {
  return scope in MUSIC_SCOPES
}

export function describeScope(scope: string): string {
  return LWA_SCOPES[scope] ?? MUSIC_SCOPES[scope] ?? scope
}

/** Splits a scope parameter on spaces (a `+` in a query is already a space once decoded). */
export function splitScopes(scope: string | string[] | undefined): string[] {
  const raw = Array.isArray(scope) ? scope.join(' ') : (scope ?? '')
  return [...new Set(raw.split(/\s+/).filter((s) => s !== ''))]
}

/** The first scope this profile may not ask, or undefined when all are known. */
export function firstUnknownScope(scopes: string[], profile: SecurityProfile): string | undefined {
  return scopes.find((s) => !(s in LWA_SCOPES) && !(isMusicScope(s) && profile.musicEnabled))
}

/** `profile:user_id` alone shows no consent screen. */
export function needsConsent(scopes: string[]): boolean {
  return scopes.some((s) => s !== 'profile:user_id')
}

export type ScopeDataResult =
  | { ok: true; value: Record<string, unknown> | undefined }
  | { ok: false; reason: string }

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Parses `scope_data` (a JSON string, or an object from a JSON body) and checks the device data that
 * `alexa:all` needs: `productID` and `productInstanceAttributes.deviceSerialNumber`.
 */
export function parseScopeData(raw: unknown, scopes: string[]): ScopeDataResult {
  let value: unknown = raw
  if (raw === undefined || raw === '') value = undefined
  else if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw)
    } catch {
      return { ok: false, reason: 'scope_data is not valid JSON' }
    }
  }
  if (value !== undefined && !isObject(value))
    return { ok: false, reason: 'scope_data must be a JSON object' }
  const data = value as Record<string, unknown> | undefined
  for (const scope of scopes) {
    if (!DEVICE_DATA_SCOPES.has(scope)) continue
    const entry = data?.[scope]
    const attrs = isObject(entry) ? entry.productInstanceAttributes : undefined
    if (
      !isObject(entry) ||
      typeof entry.productID !== 'string' ||
      entry.productID === '' ||
      !isObject(attrs) ||
      typeof attrs.deviceSerialNumber !== 'string' ||
      attrs.deviceSerialNumber === ''
    ) {
      return {
        ok: false,
        reason: `${scope} needs scope_data with productID and productInstanceAttributes.deviceSerialNumber`,
      }
    }
  }
  return { ok: true, value: data }
}

/** Same scope set, whatever the order. */
export function scopeKey(scopes: string[]): string {
  return [...scopes].sort().join(' ')
}
