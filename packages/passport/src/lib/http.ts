/**
 * The few request helpers the strategies need, for Express and plain Node servers.
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

/** Every query parameter of a request, repeated ones included, from its URL. */
export function rawQueryOf(req: StrategyRequest): URLSearchParams {
  return new URL(req.originalUrl ?? req.url ?? '/', 'http://request.invalid').searchParams
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
