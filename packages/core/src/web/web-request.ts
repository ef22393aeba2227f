/**
 * The request facts the web layer decides on: plain values an adapter reads from its framework,
 * with no framework type in sight.
 *
 * @module
 */

/**
 * A request as the web layer sees it. Header names are lowercase; a header sent more than once is
 * an array (Node's `req.headersDistinct` has this shape; {@link webRequestFromHeaders} builds it
 * from web `Headers`).
 *
 * @example
 * ```ts
 * const request: WebRequest = {
 *   method: req.method,
 *   url: req.originalUrl,
 *   headers: req.headersDistinct,
 *   secure: req.secure, // Express's req.secure honours `trust proxy`
 * }
 * ```
 */
export interface WebRequest {
  /** The HTTP method, upper case. */
  readonly method: string
  /** The path and query (`/auth/amazon/callback?code=…`), or the absolute URL. */
  readonly url: string
  /** Lowercase header names to their value, or values when sent more than once. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>
  /**
   * Whether the browser reached the app over https, as the framework's trust-proxy setting
   * decides (Express's `req.secure`). Turns on `Secure` and the `__Host-` cookie prefix.
   */
  readonly secure: boolean
}

/**
 * Every value of a header (lowercase name), in the order received; empty when absent.
 *
 * @example
 * ```ts
 * headerValues(request, 'authorization') // ['Bearer Atza|…']
 * ```
 */
export function headerValues(request: Pick<WebRequest, 'headers'>, name: string): string[] {
  const value = request.headers[name]
  if (value === undefined) return []
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/**
 * A {@link WebRequest} from a web `Request` (edge runtimes, Next.js route handlers). Web `Headers`
 * joins repeated headers with `, `, which the web layer's parsers refuse where it matters.
 *
 * @example
 * ```ts
 * export async function GET(req: Request) {
 *   const request = webRequestFromHeaders(req.method, req.url, req.headers)
 * }
 * ```
 */
export function webRequestFromHeaders(method: string, url: string, headers: Headers): WebRequest {
  const out: Record<string, string> = Object.create(null)
  headers.forEach((value, name) => {
    out[name] = value
  })
  return {
    method: method.toUpperCase(),
    url,
    headers: out,
    secure: new URL(url).protocol === 'https:',
  }
}
