/**
 * The post-login return path: only a path on this site, never a way off it (open redirect).
 *
 * @module
 */

const MAX_LENGTH = 2048
// Printable ASCII without space and backslash. Browsers drop tabs and newlines inside URLs, and
// treat `\` like `/`, so `/\evil.com` and `/\t/evil.com` would both become `//evil.com`.
const SAFE_CHARS = /^[\x21-\x5B\x5D-\x7E]+$/
const BASE = 'http://return-to.invalid'

/**
 * Whether `value` is a same-site path: it starts with a single `/`, has no scheme, no host, no
 * backslash, no whitespace or control character, and resolves on the same origin.
 *
 * @example
 * ```ts
 * isSafeReturnTo('/library?tab=playlists') // true
 * isSafeReturnTo('//evil.example')         // false
 * ```
 */
export function isSafeReturnTo(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return false
  if (!SAFE_CHARS.test(value)) return false
  if (value[0] !== '/' || value[1] === '/') return false
  // The same paths come again and again (an app's success redirect, its pages): the answer of
  // the URL check, a pure function of the text, is kept for the last few.
  const known = checked.get(value)
  if (known !== undefined) return known
  let safe: boolean
  try {
    safe = new URL(value, `${BASE}/`).origin === BASE
  } catch {
    safe = false
  }
  if (checked.size >= CHECKED_MAX) checked.delete(checked.keys().next().value as string)
  checked.set(value, safe)
  return safe
}

/** The URL check's answers for the last paths checked (insertion order, oldest dropped). */
const checked = new Map<string, boolean>()
const CHECKED_MAX = 64

/**
 * `value` when it is a safe same-site path, otherwise `fallback` (itself checked, else `/`).
 * Use it on anything that decides where to send the browser after sign-in.
 *
 * @example
 * ```ts
 * safeReturnTo(req.query.returnTo)          // '/' unless it is a same-site path
 * safeReturnTo('https://evil.example', '/me') // '/me'
 * safeReturnTo('/\\evil.example')          // '/'
 * ```
 */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  if (isSafeReturnTo(value)) return value
  return isSafeReturnTo(fallback) ? fallback : '/'
}
