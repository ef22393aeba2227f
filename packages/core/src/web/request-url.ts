/**
 * Where a request came from and where its sign-in returns to: whether a Node request came over
 * https, a request's own absolute URL, a relative callback URL resolved against it, and whether a
 * request is a sign-in's callback. The forwarded headers (`X-Forwarded-Proto`, `-Host`) count only
 * when the app says it trusts its proxy; then only their first value (the one the first proxy
 * saw from the browser).
 *
 * @module
 */
import type { NodeRequestLike } from './node-http.js'
import { headerValues, type WebRequest } from './web-request.js'

/**
 * Whether the app trusts the proxy in front of it to tell the browser's scheme and host
 * (`X-Forwarded-Proto`, `X-Forwarded-Host`). Default `false`: they are ignored.
 *
 * @example
 * ```ts
 * const options: TrustProxyOptions = { trustProxy: true } // behind a load balancer that sets them
 * ```
 */
export interface TrustProxyOptions {
  /** Read `X-Forwarded-Proto` and `X-Forwarded-Host` (default `false`). */
  trustProxy?: boolean
}

/** The first value of a forwarded header (a proxy chain appends: `a, b`), or undefined. */
function firstForwarded(request: Pick<WebRequest, 'headers'>, name: string): string | undefined {
  return headerValues(request, name)[0]?.split(',')[0]?.trim() || undefined
}

/**
 * Whether a Node request reached the app over https: the framework says so (Express's
 * `req.secure`, which honours its `trust proxy` setting), the socket is TLS, or, only with
 * `trustProxy`, the first `X-Forwarded-Proto` is `https`. Feed it to {@link nodeWebRequest}.
 *
 * @example
 * ```ts
 * const request = nodeWebRequest(req, nodeRequestIsHttps(req, { trustProxy: true }))
 * ```
 */
export function nodeRequestIsHttps(
  req: NodeRequestLike & { secure?: boolean | undefined; socket?: unknown },
  options: TrustProxyOptions = {},
): boolean {
  if (req.secure === true) return true
  if ((req.socket as { encrypted?: boolean } | undefined)?.encrypted) return true
  return options.trustProxy === true && firstForwarded(req, 'x-forwarded-proto') === 'https'
}

/** Whether a URL has a scheme (`https:`, `myapp:`), that is, is absolute. */
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i

/**
 * The absolute URL of a request: `https` when `request.secure`, the host of its `Host` header
 * (or, only with `trustProxy`, of the first `X-Forwarded-Host`), then its path and query. A
 * request whose `url` is absolute already is that URL.
 *
 * @example
 * ```ts
 * requestUrl({ method: 'GET', url: '/auth/amazon', headers: { host: 'app.example' }, secure: true })
 * // 'https://app.example/auth/amazon'
 * ```
 */
export function requestUrl(request: WebRequest, options: TrustProxyOptions = {}): string {
  if (ABSOLUTE.test(request.url)) return request.url
  const forwarded = options.trustProxy ? firstForwarded(request, 'x-forwarded-host') : undefined
  const host = forwarded ?? headerValues(request, 'host')[0]
  return `${request.secure ? 'https' : 'http'}://${host}${request.url}`
}

/**
 * A sign-in's redirect URI as Amazon must see it: `redirectUri` itself when absolute, else
 * resolved against the request's own URL ({@link requestUrl}), so that a relative callback URL
 * (`/auth/amazon/callback`) is the same absolute URL on the way out and on the way back.
 *
 * @example
 * ```ts
 * resolveRedirectUri('/auth/amazon/callback', request) // 'https://app.example/auth/amazon/callback'
 * ```
 */
export function resolveRedirectUri(
  redirectUri: string,
  request: WebRequest,
  options: TrustProxyOptions = {},
): string {
  if (ABSOLUTE.test(redirectUri)) return redirectUri
  const base = requestUrl(request, options)
  // A path from the root (`/auth/callback`) on a plain `scheme://host[:port]` depends on that
  // origin alone, not on the request's path or query: resolved once per origin and path.
  const origin = redirectUri[0] === '/' && redirectUri[1] !== '/' ? PLAIN_ORIGIN.exec(base) : null
  if (!origin) return new URL(redirectUri, base).toString()
  const key = `${origin[0]} ${redirectUri}`
  let resolved = resolvedUris.get(key)
  if (resolved === undefined) {
    resolved = new URL(redirectUri, `${origin[0]}/`).toString()
    if (resolvedUris.size >= 64) resolvedUris.delete(resolvedUris.keys().next().value as string)
    resolvedUris.set(key, resolved)
  }
  return resolved
}

/** `http(s)://host[:port]` before the path, the host of letters, digits, dots and hyphens only. */
const PLAIN_ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?=\/)/
/** Redirect URIs resolved on an origin, keyed by the origin and the path. */
const resolvedUris = new Map<string, string>()

/** The callback's own parameters: any of them makes a request a callback. */
const CALLBACK_PARAMETERS = ['code', 'error', 'state']

/**
 * Whether a request is a sign-in's callback rather than its start: its query has `code`, `error`
 * or `state` (with a value or not, once or more: the callback check then refuses what is wrong),
 * or its path is the redirect URI's. A request to the callback path without any of them is a
 * callback too (refused for its missing state), never the start of a new sign-in.
 *
 * @example
 * ```ts
 * isSignInCallback(request, 'https://app.example/auth/amazon/callback')
 *   ? await signIn.finish(request, call)
 *   : await signIn.begin(request, call)
 * ```
 */
export function isSignInCallback(
  request: Pick<WebRequest, 'url'>,
  redirectUri: string | undefined,
): boolean {
  const base = 'http://request.invalid'
  const url = new URL(request.url, base)
  if (CALLBACK_PARAMETERS.some((name) => url.searchParams.has(name))) return true
  return Boolean(redirectUri) && url.pathname === new URL(redirectUri as string, base).pathname
}
