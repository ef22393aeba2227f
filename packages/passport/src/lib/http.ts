/**
 * The request the strategies are handed, for Express and plain Node servers. What they read of
 * it (https, the URL, the headers) core's web layer reads (`nodeWebRequest`, `nodeRequestIsHttps`).
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
