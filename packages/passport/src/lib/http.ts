/**
 * The few request and response helpers the strategies need, for Express and plain Node servers.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * A request as Passport hands it to a strategy (Express adds `query`, `res` and `session`).
 *
 * @example
 * ```ts
 * const verify: AmazonVerifyFunctionWithRequest = (req: StrategyRequest, at, rt, profile, done) => done(null, profile)
 * ```
 */
export interface StrategyRequest extends IncomingMessage {
  query?: Record<string, unknown>
  body?: unknown
  res?: ServerResponse
  session?: Record<string, unknown>
  secure?: boolean
  originalUrl?: string
  app?: { get?(name: string): unknown }
}

/** The query parameters of a request: Express's parsed `req.query`, else parsed from `req.url`. */
export function queryOf(req: StrategyRequest): Record<string, string> {
  const out: Record<string, string> = {}
  if (req.query && typeof req.query === 'object') {
    for (const [key, value] of Object.entries(req.query)) {
      if (typeof value === 'string') out[key] = value
      else if (Array.isArray(value) && typeof value[0] === 'string') out[key] = value[0]
    }
    return out
  }
  const url = new URL(req.url ?? '/', 'http://request.invalid')
  for (const [key, value] of url.searchParams) if (!(key in out)) out[key] = value
  return out
}

/** Every query parameter of a request, repeated ones included, from its URL. */
export function rawQueryOf(req: StrategyRequest): URLSearchParams {
  return new URL(req.originalUrl ?? req.url ?? '/', 'http://request.invalid').searchParams
}

/** The cookies of a request, parsed from the `Cookie` header (first value wins). */
export function cookiesOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  const header = req.headers.cookie
  if (!header) return out
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const name = part.slice(0, eq).trim()
    if (!name || name in out) continue
    let value = part.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    try {
      out[name] = decodeURIComponent(value)
    } catch {
      out[name] = value
    }
  }
  return out
}

/** Whether the request came over https (directly, or through a trusted proxy). */
export function isHttps(req: StrategyRequest, trustProxy: boolean): boolean {
  if (req.secure === true) return true
  if ((req.socket as { encrypted?: boolean } | undefined)?.encrypted) return true
  if (!trustProxy) return false
  const proto = req.headers['x-forwarded-proto']
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim()
  return first === 'https'
}

/** The absolute URL of the request, like passport-oauth2's `originalURL`. */
export function originalUrl(req: StrategyRequest, trustProxy: boolean): string {
  const https = isHttps(req, trustProxy)
  const forwardedHost = trustProxy ? req.headers['x-forwarded-host'] : undefined
  const host = (Array.isArray(forwardedHost) ? forwardedHost[0] : forwardedHost) ?? req.headers.host
  return `${https ? 'https' : 'http'}://${host}${req.originalUrl ?? req.url ?? '/'}`
}

/** Options of a cookie written by {@link appendSetCookie}. */
export interface CookieOptions {
  maxAgeSeconds: number
  secure: boolean
  path?: string
}

/** Adds a `Set-Cookie` header (HttpOnly, SameSite=Lax) without dropping the ones already set. */
export function appendSetCookie(
  res: ServerResponse,
  name: string,
  value: string,
  options: CookieOptions,
): void {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Lax',
  ]
  if (options.maxAgeSeconds <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT')
  if (options.secure) parts.push('Secure')
  const cookie = parts.join('; ')
  const previous = res.getHeader('Set-Cookie')
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)]
  res.setHeader('Set-Cookie', [...list, cookie])
}
