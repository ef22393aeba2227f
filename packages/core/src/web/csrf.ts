/**
 * The CSRF rule of the web layer: state-changing routes (logout, device start) answer POST only,
 * and refuse a request another site made (`Sec-Fetch-Site`, else `Origin`).
 *
 * @module
 */
import { failureAnswer, failureOf, WebErrorCode } from './error-answers.js'
import type { WebAnswer } from './web-answer.js'
import { headerValues, type WebRequest } from './web-request.js'

/**
 * Options of {@link checkStateChanging}.
 *
 * @example
 * ```ts
 * const options: CsrfOptions = { allowedOrigins: ['https://app.example'] }
 * ```
 */
export interface CsrfOptions {
  /** Origins besides the request's own (`Host` and `secure`) that may post. */
  allowedOrigins?: readonly string[]
}

/**
 * Whether a browser says another site made this request: `Sec-Fetch-Site` other than
 * `same-origin` or `none`, or (without it) an `Origin` that is not this one. A request with
 * neither header (a non-browser client) is not cross-site.
 *
 * @example
 * ```ts
 * isCrossSite({ method: 'POST', url: '/logout', secure: true,
 *   headers: { host: 'app.example', 'sec-fetch-site': 'cross-site' } }) // true
 * ```
 */
export function isCrossSite(request: WebRequest, options: CsrfOptions = {}): boolean {
  const site = headerValues(request, 'sec-fetch-site')
  if (site.length > 0) return site.length > 1 || (site[0] !== 'same-origin' && site[0] !== 'none')
  const origin = headerValues(request, 'origin')
  if (origin.length === 0) return false
  if (origin.length > 1) return true
  const host = headerValues(request, 'host')
  const own = host.length === 1 ? `${request.secure ? 'https' : 'http'}://${host[0]}` : undefined
  const value = (origin[0] as string).toLowerCase()
  if (own !== undefined && value === own.toLowerCase()) return false
  return !(options.allowedOrigins ?? []).some((allowed) => allowed.toLowerCase() === value)
}

/**
 * The refusal for a state-changing route, or `undefined` when the request may proceed: 405
 * `LWA_METHOD_NOT_ALLOWED` (with `Allow: POST`) for any method but POST, 403
 * `LWA_CROSS_SITE_REQUEST` for a cross-site request ({@link isCrossSite}).
 *
 * @example
 * ```ts
 * const refused = checkStateChanging(request)
 * if (refused) return send(refused)
 * ```
 */
export function checkStateChanging(
  request: WebRequest,
  options: CsrfOptions = {},
): WebAnswer | undefined {
  if (request.method !== 'POST')
    return failureAnswer(failureOf(WebErrorCode.MethodNotAllowed), { headers: [['allow', 'POST']] })
  if (isCrossSite(request, options)) return failureAnswer(failureOf(WebErrorCode.CrossSiteRequest))
  return undefined
}
