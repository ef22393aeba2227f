/**
 * The web layer's one cookie reader and writer: HttpOnly, SameSite=Lax, Path=/, and behind https
 * `Secure` with the `__Host-` prefix (a cookie no subdomain or plain-http page can set).
 *
 * @module
 */
import { InvalidArgumentError } from '../errors.js'
import { headerValues, type WebRequest } from './web-request.js'

const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/
// cookie-octet (RFC 6265 §4.1.1): no space, DQUOTE, comma, semicolon or backslash.
const VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/
const MAX_HEADER = 16_384
const MAX_COOKIES = 100
/** Names that passed {@link cookieName}'s check (a few: the web layer's own cookie names). */
const checkedNames = new Set<string>()

/**
 * How a cookie is written.
 *
 * @example
 * ```ts
 * const options: CookieOptions = { maxAgeSeconds: 600, secure: request.secure }
 * ```
 */
export interface CookieOptions {
  /** Lifetime in seconds; 0 or less deletes the cookie. */
  maxAgeSeconds: number
  /** Over https: adds `Secure` and the `__Host-` prefix. */
  secure: boolean
}

/**
 * The name a cookie has on the wire: `__Host-<name>` behind https, `<name>` otherwise.
 *
 * @example
 * ```ts
 * cookieName('lwa_state', true) // '__Host-lwa_state'
 * ```
 */
export function cookieName(name: string, secure: boolean): string {
  if (!checkedNames.has(name)) {
    if (!NAME.test(name) || name.startsWith('__'))
      throw new InvalidArgumentError(`The cookie name "${name.slice(0, 64)}" is not a plain token.`)
    if (checkedNames.size < 64) checkedNames.add(name)
  }
  return secure ? `__Host-${name}` : name
}

/**
 * A `Set-Cookie` line: HttpOnly, SameSite=Lax, Path=/, Max-Age (and an expiry in the past when
 * deleting), `Secure` and the `__Host-` prefix when `secure`. The value must be cookie-safe
 * (sealed values are).
 *
 * @throws {InvalidArgumentError} for a name that is not a token or a value with unsafe characters.
 * @example
 * ```ts
 * serializeCookie('lwa_state', sealed, { maxAgeSeconds: 600, secure: true })
 * // '__Host-lwa_state=v1.…; Path=/; Max-Age=600; HttpOnly; SameSite=Lax; Secure'
 * ```
 */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const wire = cookieName(name, options.secure)
  if (typeof value !== 'string' || !VALUE.test(value) || value.length > 4000)
    throw new InvalidArgumentError(
      `The value of cookie "${name}" has characters a cookie cannot hold.`,
    )
  const maxAge = Math.max(0, Math.floor(options.maxAgeSeconds))
  const parts = [`${wire}=${value}`, 'Path=/', `Max-Age=${maxAge}`]
  if (maxAge === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT')
  parts.push('HttpOnly', 'SameSite=Lax')
  if (options.secure) parts.push('Secure')
  return parts.join('; ')
}

/**
 * A `Set-Cookie` line that deletes the cookie.
 *
 * @example
 * ```ts
 * clearCookie('lwa_state', request.secure)
 * ```
 */
export function clearCookie(name: string, secure: boolean): string {
  return serializeCookie(name, '', { maxAgeSeconds: 0, secure })
}

/**
 * Parses `Cookie` header values into a map (the first of a repeated name wins; malformed pairs,
 * names that are not tokens, and anything past 16 KiB or 100 cookies are ignored). Values are
 * kept as sent, without decoding.
 *
 * @example
 * ```ts
 * parseCookies('a=1; b=2').get('b') // '2'
 * ```
 */
export function parseCookies(header: string | readonly string[] | undefined): Map<string, string> {
  const out = new Map<string, string>()
  const text = typeof header === 'string' ? header : header ? header.join('; ') : ''
  if (text.length === 0) return out
  for (const part of text.slice(0, MAX_HEADER).split(';')) {
    if (out.size >= MAX_COOKIES) break
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    if (!NAME.test(name) && !/^__Host-[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/.test(name)) continue
    if (out.has(name)) continue
    let value = part.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
      value = value.slice(1, -1)
    if (!VALUE.test(value)) continue
    out.set(name, value)
  }
  return out
}

/**
 * The value of one of the web layer's cookies on a request: `__Host-<name>` behind https,
 * `<name>` otherwise (a plain-http cookie never stands in for a secure one).
 *
 * @example
 * ```ts
 * const sealed = readCookie(request, 'lwa_state')
 * ```
 */
export function readCookie(request: WebRequest, name: string): string | undefined {
  return readKnownCookie(request, name, undefined)
}

/**
 * {@link readCookie}, where a value `known` says it read before (so it passed the value check
 * then, and the same text passes it again) is not checked again: the same answer, without the
 * check of a long sealed value on every request.
 *
 * @internal
 */
export function readKnownCookie(
  request: WebRequest,
  name: string,
  known: ((value: string) => boolean) | undefined,
): string | undefined {
  const wire = cookieName(name, request.secure)
  const header = request.headers.cookie
  const text = typeof header === 'string' ? header : headerValues(request, 'cookie').join('; ')
  const value = findCookie(text.length > MAX_HEADER ? text.slice(0, MAX_HEADER) : text, wire, known)
  return value === undefined || value === '' ? undefined : value
}

/**
 * One cookie of a `Cookie` header, as `parseCookies(text).get(wire)` answers it (the first pair
 * of that name whose value is valid), without parsing the others: `wire` is a valid name, so only
 * the names need comparing. Past {@link MAX_COOKIES} pairs the count limit could matter, and
 * `parseCookies` decides.
 */
function findCookie(
  text: string,
  wire: string,
  known: ((value: string) => boolean) | undefined,
): string | undefined {
  if (!text.includes(wire)) return undefined
  let start = 0
  let eq = -1
  for (let pairs = 0; start <= text.length; pairs++) {
    if (pairs >= MAX_COOKIES) return parseCookies(text).get(wire)
    if (eq < start) eq = text.indexOf('=', start)
    if (eq === -1) return undefined // no pair from here on has a value
    let end = text.indexOf(';', start)
    if (end === -1) end = text.length
    if (eq > start && eq < end && text.slice(start, eq).trim() === wire) {
      let value = text.slice(eq + 1, end).trim()
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
        value = value.slice(1, -1)
      if (known?.(value) || VALUE.test(value)) return value
    }
    start = end + 1
  }
  return undefined
}
