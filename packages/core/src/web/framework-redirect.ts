/**
 * Where a framework that owns the sign-in routes (next-auth, Auth.js) may send the browser after
 * sign-in: its `redirect` callback, with core's return-path rule.
 *
 * @module
 */
import { isSafeReturnTo } from '../return-to.js'

/**
 * The `redirect` callback of next-auth and Auth.js with core's return-path rule: a same-site path
 * (`/library`) or an absolute URL on `baseUrl`'s origin whose path is one is kept; anything else
 * (another site, a scheme such as `javascript:`, a backslash, whitespace or a control character,
 * text that is not a URL at all) becomes `baseUrl`. Unlike the frameworks' default it never
 * throws, so a hostile `callbackUrl` cannot make the sign-in answer 500, and no control character
 * reaches a `Location` header.
 *
 * @example
 * ```ts
 * safeRedirectUrl({ url: '/library', baseUrl: 'https://app.example' })          // 'https://app.example/library'
 * safeRedirectUrl({ url: 'https://evil.example', baseUrl: 'https://app.example' }) // 'https://app.example'
 * ```
 */
export function safeRedirectUrl(params: { url: string; baseUrl: string }): string {
  const { url, baseUrl } = params
  if (isSafeReturnTo(url)) return `${baseUrl}${url}`
  let origin: string
  try {
    origin = new URL(baseUrl).origin
  } catch {
    return baseUrl
  }
  const text: unknown = url
  if (typeof text !== 'string' || !text.startsWith(`${origin}/`)) return baseUrl
  return isSafeReturnTo(text.slice(origin.length)) ? text : baseUrl
}

/** An absolute http(s) URL of printable ASCII without a backslash. */
const ABSOLUTE = /^https?:\/\/[\x21-\x5B\x5D-\x7E]+$/i

/**
 * A return target given to a framework's sign-in start (Better Auth's `callbackURL`,
 * `errorCallbackURL`, `newUserCallbackURL`): a same-site path is kept; an absolute http(s) URL of
 * printable ASCII is kept for the framework's own trusted-origins check; anything else (`//host`,
 * a backslash, whitespace, a control or non-ASCII character, `javascript:`) becomes `fallback`, so
 * it can neither leave the site nor break the `Location` header the callback answers with.
 *
 * @example
 * ```ts
 * safeCallbackUrl('/library')              // '/library'
 * safeCallbackUrl('//evil.example')        // '/'
 * safeCallbackUrl('https://app.example/x') // 'https://app.example/x' (the framework checks the origin)
 * ```
 */
export function safeCallbackUrl(value: unknown, fallback = '/'): string {
  if (isSafeReturnTo(value)) return value
  if (typeof value === 'string' && ABSOLUTE.test(value) && URL.canParse?.(value) !== false)
    return value
  return isSafeReturnTo(fallback) ? fallback : '/'
}
