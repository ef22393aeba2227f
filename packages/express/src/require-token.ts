/**
 * `requireLwaToken`: bearer-token middleware for APIs called by apps that hold an LWA access token.
 *
 * @module
 */

import {
  type BearerOutcome,
  createBearerCheck,
  isAnswered,
  type LwaClient,
  type LwaEndpoints,
  nodeRequestHeaders,
  type Region,
  type TokenVerifier,
  writeNodeAnswer,
} from '@lwa-kit/core'
import { nodeFetch, nodeTokenHash } from '@lwa-kit/node'
import type { NextFunction, Request, Response } from 'express'

/**
 * Options of {@link requireLwaToken}.
 *
 * @example
 * ```ts
 * const options: RequireLwaTokenOptions = { clientId: process.env.LWA_CLIENT_ID!, region: 'EU' }
 * ```
 */
export interface RequireLwaTokenOptions {
  /** The client id tokens must be issued to (token info `aud`). */
  clientId?: string
  /** The LWA region (default `NA`). */
  region?: Region
  /** Endpoints to use instead of the region's, e.g. `emulator.endpoints`. */
  endpoints?: Partial<LwaEndpoints>
  /** An existing core client instead of `clientId`/`region`/`endpoints`. */
  client?: LwaClient
  /** An existing verifier (shares its cache), instead of one made here. */
  verifier?: TokenVerifier
  /** How many verified tokens the cache keeps (default: core's 1000). */
  maxEntries?: number
  /** A realm for the `WWW-Authenticate` challenge (default: none). */
  realm?: string
  /** The time budget of a token info call in milliseconds (default 5000). */
  timeoutMs?: number
  /**
   * The `fetch` for calls to LWA (default: `@lwa-kit/node`'s `nodeFetch()`, a transport on
   * `node:http` that costs a third of the CPU of Node's built-in `fetch`). Pass
   * `globalThis.fetch` to use Node's own (with an undici proxy dispatcher, say).
   */
  fetch?: typeof fetch
}

/**
 * Express middleware that lets a request through only with `Authorization: Bearer <LWA access
 * token>` issued to this client id, through core's bearer check (`createBearerCheck`): the token's
 * shape first, then token info (`aud`), cached by a SHA-256 of the token until it expires. A
 * missing token is 401 (`WWW-Authenticate: Bearer`), a repeated or garbled header 400, a refused
 * token 401 (`error="invalid_token"`), and 503 with `Retry-After` when LWA cannot answer; the JSON
 * body is `{ error: <code>, message }`. Sets `req.lwaToken`. When the app already answered (a
 * timeout middleware), it writes nothing and calls nothing.
 *
 * @example
 * ```ts
 * import { requireLwaToken } from '@lwa-kit/express'
 *
 * app.get('/api/me', requireLwaToken({ clientId: process.env.LWA_CLIENT_ID! }), (req, res) => {
 *   res.json({ userId: req.lwaToken!.info.userId })
 * })
 * ```
 */
export function requireLwaToken(options: RequireLwaTokenOptions) {
  if (!options || (!options.clientId && !options.client && !options.verifier))
    throw new TypeError('requireLwaToken needs a clientId (or a client or verifier).')
  // A verifier wins over a client, a client over the client id (core's bearer check decides).
  const bearer = createBearerCheck({
    hash: nodeTokenHash,
    ...options,
    fetch: options.fetch ?? nodeFetch(),
  })

  return function lwaBearer(req: Request, res: Response, next: NextFunction): void {
    const apply = (outcome: BearerOutcome) => {
      if (isAnswered(res)) return
      if (!outcome.ok) {
        writeNodeAnswer(res, outcome.answer)
        return
      }
      req.lwaToken = { accessToken: outcome.token, info: outcome.info }
      next()
    }
    const outcome = bearer.check({ headers: nodeRequestHeaders(req) })
    if (!(outcome instanceof Promise)) {
      apply(outcome)
      return
    }
    outcome.then(apply).catch((err: unknown) => {
      if (!isAnswered(res)) next(err)
    })
  }
}
