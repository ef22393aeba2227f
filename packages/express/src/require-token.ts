/**
 * `requireLwaToken`: bearer-token middleware for APIs called by apps that hold an LWA access token.
 *
 * @module
 */
import {
  createLwaClient,
  createTokenVerifier,
  isLwaError,
  type LwaClient,
  type LwaEndpoints,
  LwaErrorCode,
  type Region,
  type TokenVerifier,
} from '@lwa-kit/core'
import type { NextFunction, Request, Response } from 'express'
import { sha256TokenHash } from './lib/token-hash.js'

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
}

const BEARER = /^Bearer +([\x21-\x7E]+) *$/i

/**
 * Express middleware that lets a request through only with `Authorization: Bearer <LWA access
 * token>` issued to this client id: checked with token info (`aud`), cached by a SHA-256 of the
 * token until it expires. Refused tokens get `401` and `WWW-Authenticate: Bearer
 * error="invalid_token"`; when LWA cannot be reached the answer is `503`. Sets `req.lwaToken`.
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
  const verifier =
    options.verifier ??
    createTokenVerifier({
      client:
        options.client ??
        createLwaClient({
          clientId: options.clientId as string,
          ...(options.region ? { region: options.region } : {}),
          ...(options.endpoints ? { endpoints: options.endpoints } : {}),
          timeoutMs: options.timeoutMs ?? 5000,
        }),
      ...(options.maxEntries !== undefined ? { maxEntries: options.maxEntries } : {}),
      hash: sha256TokenHash,
    })
  const realm = options.realm ? `realm="${options.realm.replace(/["\\]/g, '')}"` : ''
  const challenge = (error?: string) =>
    `Bearer${realm || error ? ' ' : ''}${[realm, error ? `error="${error}"` : ''].filter(Boolean).join(', ')}`

  const refuse = (
    res: Response,
    status: number,
    error: string,
    description: string,
    header?: string,
  ) => {
    if (header) res.setHeader('WWW-Authenticate', header)
    res.status(status).json({ error, error_description: description })
  }

  return function lwaBearer(req: Request, res: Response, next: NextFunction): void {
    const match = BEARER.exec(req.headers.authorization ?? '')
    const token = match?.[1]
    if (!token) {
      refuse(
        res,
        401,
        'invalid_request',
        'An Amazon access token is required (Authorization: Bearer).',
        challenge(),
      )
      return
    }
    const cached = verifier.peek(token)
    if (cached) {
      req.lwaToken = { accessToken: token, info: cached }
      next()
      return
    }
    verifier.verify(token).then(
      (info) => {
        req.lwaToken = { accessToken: token, info }
        next()
      },
      (err: unknown) => {
        if (
          isLwaError(err) &&
          (err.code === LwaErrorCode.InvalidToken ||
            err.code === LwaErrorCode.AudienceMismatch ||
            err.code === LwaErrorCode.InvalidArgument)
        ) {
          refuse(
            res,
            401,
            'invalid_token',
            'The access token is invalid, expired, or was issued to another app.',
            challenge('invalid_token'),
          )
          return
        }
        res.setHeader('Retry-After', '5')
        refuse(
          res,
          503,
          'temporarily_unavailable',
          'The access token could not be checked right now; try again shortly.',
        )
      },
    )
  }
}
