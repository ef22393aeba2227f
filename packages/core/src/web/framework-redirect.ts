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
