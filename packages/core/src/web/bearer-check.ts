/**
 * The bearer check: one parser, the token's shape, token info with the `aud` check behind the
 * verifier's cache (and its synchronous `peek`), the `WWW-Authenticate` challenge and the status:
 * 401 refused, 400 malformed, 503 with `Retry-After` when LWA cannot answer.
 *
 * @module
 */
import { createLwaClient, type LwaClient } from '../client.js'
import { isLwaError, LwaErrorCode } from '../errors.js'
import type { LwaEndpoints, Region } from '../regions.js'
import type { TokenInfo } from '../token-info.js'
import { createTokenVerifier, type TokenVerifier } from '../token-verifier.js'
import { isAccessTokenShape, parseAuthorization, quickBearerToken } from './authorization-header.js'
import { failureAnswer, failureOf, WebErrorCode, type WebFailure } from './error-answers.js'
import { tokenHash } from './token-hash.js'
import type { WebAnswer } from './web-answer.js'
import { headerValues, type WebRequest } from './web-request.js'

/**
 * Options of {@link createBearerCheck}: a `client` (a verifier is made with a synchronous cache
 * key, {@link tokenHash}), an existing `verifier` (shares its cache), or a `clientId` (a client
 * is made from it, `region`, `endpoints`, `timeoutMs` and `fetch`).
 *
 * @example
 * ```ts
 * const options: BearerCheckOptions = { client: createLwaClient({ clientId }), realm: 'api' }
 * ```
 */
export interface BearerCheckOptions {
  /** The client whose id tokens must have been issued to. */
  client?: Pick<LwaClient, 'verifyAccessToken'>
  /** Without `client` and `verifier`: the client id tokens must have been issued to (token info `aud`). */
  clientId?: string
  /** The region of the client made from `clientId` (default `NA`). */
  region?: Region
  /** Endpoints of the client made from `clientId` instead of the region's, e.g. `emulator.endpoints`. */
  endpoints?: Partial<LwaEndpoints>
  /**
   * The time budget of each token info call of the client made from `clientId`, in milliseconds
   * (default 5000: a request waits on LWA no longer than that).
   */
  timeoutMs?: number
  /** The `fetch` of the client made from `clientId` (default the global one). */
  fetch?: typeof fetch
  /** An existing verifier instead of `client`. */
  verifier?: TokenVerifier
  /** How many verified tokens the cache keeps (with `client`; default: core's 1000). */
  maxEntries?: number
  /**
   * The synchronous cache key of a token (with `client`; default {@link tokenHash}, plain
   * JavaScript on every runtime). On Node, `@lwa-kit/node`'s `nodeTokenHash` gives the same key
   * from `node:crypto`, in about a tenth of the time.
   */
  hash?: (token: string) => string
  /** A realm for the challenge (quotes and backslashes are dropped). */
  realm?: string
  /** The `Retry-After` seconds when LWA cannot answer (default 5). */
  retryAfterSeconds?: number
}

/**
 * The result of a bearer check. When refused, `answer` is what to send as it is (status,
 * `WWW-Authenticate` or `Retry-After`, JSON body); `challenge` is the `WWW-Authenticate` value for
 * frameworks that write it themselves (Passport's `fail`).
 *
 * @example
 * ```ts
 * const outcome: BearerOutcome = await bearer.check(request)
 * if (outcome.ok) req.user = outcome.info
 * ```
 */
export type BearerOutcome =
  | { ok: true; token: string; info: TokenInfo }
  | {
      ok: false
      failure: WebFailure
      answer: WebAnswer
      challenge?: string
      retryAfterSeconds?: number
    }

/**
 * A refused {@link BearerOutcome}: what {@link BearerCheck.refuse} gives.
 *
 * @example
 * ```ts
 * const refusal: BearerRefusal = bearer.refuse()
 * send(refusal.answer) // 401, WWW-Authenticate: Bearer error="invalid_token"
 * ```
 */
export type BearerRefusal = Extract<BearerOutcome, { ok: false }>

/**
 * A bearer check bound to one client id.
 *
 * @example
 * ```ts
 * const outcome = bearer.check(request)
 * const result = outcome instanceof Promise ? await outcome : outcome
 * ```
 */
export interface BearerCheck {
  /**
   * Checks a request's `Authorization` header. Synchronous when no call to LWA is needed (no
   * header, a malformed one, a token of the wrong shape, a cached token), else a promise that
   * never rejects.
   */
  check(request: Pick<WebRequest, 'headers'>): BearerOutcome | Promise<BearerOutcome>
  /**
   * The refusal of a token that passed the check and is turned down after it, in the check's
   * terms (its realm, its `Retry-After`): without `err`, the app's own rule refused it (401,
   * `error="invalid_token"`); with the error of a later LWA call made with the token (its profile,
   * say), what the check answers for that error: 401 when LWA calls the token invalid, 503 with
   * `Retry-After` when LWA cannot answer.
   *
   * @example
   * ```ts
   * if (outcome.ok && !allowed(outcome.info)) return send(bearer.refuse().answer) // 401
   * const profile = await lwa.profile(token).catch((err) => bearer.refuse(err)) // 401 or 503
   * ```
   */
  refuse(err?: unknown): BearerRefusal
  /** The verifier (its cache is shared by every request). */
  readonly verifier: TokenVerifier
}

/**
 * Makes the bearer check every adapter uses (Express `requireLwaToken`, Passport
 * `AmazonTokenStrategy`, Nest `LwaBearerGuard`), so that every case gets the same answer:
 *
 * | request | status | code | challenge |
 * |---|---|---|---|
 * | no bearer credentials | 401 | `LWA_INVALID_TOKEN` | `Bearer` |
 * | header repeated, oversized or garbled | 400 | `LWA_INVALID_REQUEST` | `error="invalid_request"` |
 * | not an `Atza\|` token, unknown, expired | 401 | `LWA_INVALID_TOKEN` | `error="invalid_token"` |
 * | issued to another client (`aud`) | 401 | `LWA_AUDIENCE_MISMATCH` | `error="invalid_token"` |
 * | LWA down, slow or garbled | 503 + `Retry-After` | the LWA error's code | none |
 *
 * @example
 * ```ts
 * const bearer = createBearerCheck({ client: createLwaClient({ clientId }) })
 * const outcome = await bearer.check({ headers: { authorization: 'Bearer Atza|…' } })
 * if (!outcome.ok) return send(outcome.answer)
 * ```
 */
export function createBearerCheck(options: BearerCheckOptions): BearerCheck {
  if (!options?.verifier && !options?.client && !options?.clientId)
    throw new TypeError('createBearerCheck needs a client (or a verifier, or a clientId).')
  const verifier =
    options.verifier ??
    createTokenVerifier({
      client:
        options.client ??
        createLwaClient({
          clientId: options.clientId as string,
          region: options.region || undefined,
          endpoints: options.endpoints,
          timeoutMs: options.timeoutMs ?? 5000,
          fetch: options.fetch,
        }),
      hash: options.hash ?? tokenHash,
      ...(options.maxEntries !== undefined ? { maxEntries: options.maxEntries } : {}),
    })
  const realm = options.realm ? `realm="${options.realm.replace(/["\\\r\n]/g, '')}"` : ''
  const retryAfter = Math.max(1, Math.floor(options.retryAfterSeconds ?? 5))
  const challengeFor = (error?: string) => {
    const params = [realm, error ? `error="${error}"` : ''].filter(Boolean).join(', ')
    return params ? `Bearer ${params}` : 'Bearer'
  }
  const refuse = (code: WebErrorCode, error: string | undefined, message?: string) => {
    const base = failureOf(code)
    const failure = message ? { ...base, message } : base
    const challenge = challengeFor(error)
    return {
      ok: false as const,
      failure,
      challenge,
      answer: failureAnswer(failure, { headers: [['www-authenticate', challenge]] }),
    }
  }
  const missing = refuse(
    WebErrorCode.InvalidToken,
    undefined,
    'An Amazon access token is required (Authorization: Bearer).',
  )
  const malformed = refuse(
    WebErrorCode.InvalidRequest,
    'invalid_request',
    'The Authorization header is repeated, oversized or malformed.',
  )
  const invalid = refuse(WebErrorCode.InvalidToken, 'invalid_token')
  const foreign = refuse(WebErrorCode.AudienceMismatch, 'invalid_token')

  const failed = (err: unknown): BearerRefusal => {
    if (isLwaError(err)) {
      if (err.code === LwaErrorCode.AudienceMismatch) return foreign
      if (err.code === LwaErrorCode.InvalidToken || err.code === LwaErrorCode.InvalidArgument)
        return invalid
      const failure: WebFailure = {
        status: 503,
        code: err.code,
        message: 'The access token could not be checked right now; try again shortly.',
      }
      return {
        ok: false,
        failure,
        retryAfterSeconds: retryAfter,
        answer: failureAnswer(failure, { headers: [['retry-after', String(retryAfter)]] }),
      }
    }
    const failure = failureOf(WebErrorCode.Internal)
    return { ok: false, failure, answer: failureAnswer(failure) }
  }

  return {
    verifier,
    refuse: (err) => (err === undefined ? invalid : failed(err)),
    check(request) {
      const header = request.headers.authorization
      // A token seen before first, before any parsing: only a token that passed the shape
      // check and token info is ever in the verifier's cache (core's verifier keeps no other),
      // so a hit is exactly one `Bearer <access token>`, which the checks below would accept.
      const seen =
        typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined
      if (seen !== undefined) {
        const cached = verifier.peek(seen)
        if (cached) return { ok: true, token: seen, info: cached }
      }
      // The common case in one scan: one `Bearer <token>` whose token has an access token's
      // shape (no space, no comma), which the general parser would accept as it is.
      let token = quickBearerToken(header)
      if (token === undefined) {
        const parsed = parseAuthorization(headerValues(request, 'authorization'))
        if (parsed.kind === 'missing') return missing
        if (parsed.kind === 'malformed') return malformed
        token = parsed.token
        if (!isAccessTokenShape(token)) return invalid
      }
      if (token !== seen) {
        const cached = verifier.peek(token)
        if (cached) return { ok: true, token, info: cached }
      }
      let pending: Promise<TokenInfo>
      try {
        pending = verifier.verify(token)
      } catch (err) {
        return failed(err)
      }
      return pending.then((info): BearerOutcome => ({ ok: true, token, info }), failed)
    },
  }
}
