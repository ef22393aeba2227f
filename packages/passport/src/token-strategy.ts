/**
 * `AmazonTokenStrategy`: Passport strategy for `Authorization: Bearer` LWA access tokens, checked
 * with token info (the `aud` must be this app's client id) through core's cached token verifier.
 *
 * @module
 */

import {
  type BearerCheck,
  type BearerCheckOptions,
  type BearerOutcome,
  type BearerRefusal,
  createBearerCheck,
  fetchProfileWithBody,
  isAnswered,
  type LwaClient,
  type LwaClientOptions,
  nodeRequestHeaders,
  type TokenInfo,
  type TokenVerifier,
} from '@lwa-kit/core'
import { nodeTokenHash } from '@lwa-kit/node'
import { Strategy } from 'passport'
import type { StrategyRequest } from './lib/http.js'
import { clientFromOptions } from './lib/strategy-options.js'
import { type AmazonPassportProfile, toPassportProfile } from './profile.js'

/**
 * What a verified bearer token gives the verify callback (or becomes `req.user` without one).
 *
 * @example
 * ```ts
 * const user: AmazonTokenUser = { id: info.userId, tokenInfo: info }
 * ```
 */
export interface AmazonTokenUser {
  /** The Amazon user id. */
  id: string
  /** Token info: user, client, app, expiry. */
  tokenInfo: TokenInfo
  /** The profile, with `profile: true`. */
  profile?: AmazonPassportProfile
}

/**
 * `done` of the bearer verify callback.
 *
 * @example
 * ```ts
 * const done: AmazonTokenVerifyCallback = (err, user) => {}
 * ```
 */
export type AmazonTokenVerifyCallback = (err?: unknown, user?: unknown, info?: object) => void

/**
 * The bearer verify callback: `(accessToken, tokenInfo, profile, done)`, or with
 * `passReqToCallback` `(req, accessToken, tokenInfo, profile, done)`. `profile` is set with
 * `profile: true`.
 *
 * @example
 * ```ts
 * const verify: AmazonTokenVerifyFunction = (token, info, profile, done) => done(null, { id: info.userId })
 * ```
 */
export type AmazonTokenVerifyFunction = (
  accessToken: string,
  tokenInfo: TokenInfo,
  profile: AmazonPassportProfile | undefined,
  done: AmazonTokenVerifyCallback,
) => void

/**
 * The bearer verify callback with the request first.
 *
 * @example
 * ```ts
 * const verify: AmazonTokenVerifyFunctionWithRequest = (req, token, info, profile, done) => done(null, { id: info.userId })
 * ```
 */
export type AmazonTokenVerifyFunctionWithRequest = (
  req: StrategyRequest,
  accessToken: string,
  tokenInfo: TokenInfo,
  profile: AmazonPassportProfile | undefined,
  done: AmazonTokenVerifyCallback,
) => void

/**
 * Options of {@link AmazonTokenStrategy}. `region`, `endpoints` and `timeoutMs` are core's client
 * options; `verifier` (an existing one, sharing its cache), `maxEntries` and `realm` (of the
 * `WWW-Authenticate` challenge) core's bearer check's.
 *
 * @example
 * ```ts
 * const options: AmazonTokenStrategyOptions = { clientID: process.env.LWA_CLIENT_ID!, profile: false }
 * ```
 */
export interface AmazonTokenStrategyOptions
  extends Pick<LwaClientOptions, 'region' | 'endpoints' | 'timeoutMs'>,
    Pick<BearerCheckOptions, 'verifier' | 'maxEntries' | 'realm'> {
  /** The client id tokens must be issued to (token info `aud`). */
  clientID?: string
  /** An existing core client instead of `clientID`/`region`/`endpoints`. */
  client?: LwaClient
  /** Also read the profile (one more call to `/user/profile`, not cached). Default `false`. */
  profile?: boolean
  /** Pass `req` as the verify callback's first argument. */
  passReqToCallback?: boolean
  /**
   * The `fetch` for calls to LWA (default: `@lwa-kit/node`'s `nodeFetch()`, a transport on
   * `node:http` that costs a third of the CPU of Node's built-in `fetch`). Pass
   * `globalThis.fetch` to use Node's own (with an undici proxy dispatcher, say).
   */
  fetch?: typeof fetch
}

/**
 * Passport strategy (name `amazon-token`) for APIs that receive LWA access tokens from apps: it
 * refuses tokens issued to another client (token info `aud`), caches verified tokens by a hash of
 * the token until they expire, and answers `401` with `WWW-Authenticate: Bearer error="invalid_token"`.
 *
 * @example
 * ```ts
 * passport.use(new AmazonTokenStrategy({ clientID: process.env.LWA_CLIENT_ID! },
 *   (accessToken, tokenInfo, profile, done) => done(null, { id: tokenInfo.userId })))
 * app.get('/api/me', passport.authenticate('amazon-token', { session: false }), (req, res) => res.json(req.user))
 * ```
 */
export class AmazonTokenStrategy extends Strategy {
  override name = 'amazon-token'
  /** The token verifier (shares its cache across requests). */
  readonly verifier: TokenVerifier
  /** The core client. */
  readonly lwa: LwaClient
  /** @internal */ protected _bearer: BearerCheck
  /** @internal */ protected _profile: boolean
  /** @internal */ protected _passReq: boolean
  /** @internal */ protected _verify: ((...args: unknown[]) => void) | undefined

  constructor(
    options: AmazonTokenStrategyOptions & { passReqToCallback: true },
    verify: AmazonTokenVerifyFunctionWithRequest,
  )
  constructor(
    options: AmazonTokenStrategyOptions & { passReqToCallback?: false },
    verify?: AmazonTokenVerifyFunction,
  )
  constructor(options: AmazonTokenStrategyOptions, verify?: (...args: never[]) => void) {
    super()
    if (!options || (!options.clientID && !options.client))
      throw new TypeError('AmazonTokenStrategy requires a clientID (or client) option')
    this.lwa = clientFromOptions(options)
    // With a verifier, core's bearer check uses it (its cache) and makes none from the client.
    this._bearer = createBearerCheck({
      verifier: options.verifier,
      client: this.lwa,
      hash: nodeTokenHash,
      maxEntries: options.maxEntries,
      realm: options.realm,
    })
    this.verifier = this._bearer.verifier
    this._profile = Boolean(options.profile)
    this._passReq = Boolean(options.passReqToCallback)
    this._verify = verify as ((...args: unknown[]) => void) | undefined
  }

  /**
   * Checks the request's bearer token with core's bearer check. A refusal is Passport's `fail`
   * (401 with the challenge, 400 for a malformed header, 503 with `Retry-After` when LWA cannot
   * answer), so `failureRedirect`, `failWithError` and strategy chains work as usual; nothing is
   * done once the app has answered the request.
   *
   * @example
   * ```ts
   * app.use('/api', passport.authenticate('amazon-token', { session: false }))
   * ```
   */
  override authenticate(req: StrategyRequest): void {
    const outcome = this._bearer.check({ headers: nodeRequestHeaders(req) })
    // A cached token is accepted in Passport's own turn: nothing can have answered meanwhile.
    if (outcome instanceof Promise)
      outcome
        .then((result) => this._apply(req, result))
        .catch((err: unknown) => this.error(err as Error))
    else if (outcome.ok && !this._profile) this._finish(req, outcome.token, outcome.info, undefined)
    else this._apply(req, outcome)
  }

  /** @internal */
  protected _apply(req: StrategyRequest, outcome: BearerOutcome): void {
    if (req.res && isAnswered(req.res)) return
    if (!outcome.ok) {
      this._refuse(req, outcome)
      return
    }
    if (!this._profile) {
      this._finish(req, outcome.token, outcome.info, undefined)
      return
    }
    // A profile call that fails refuses the token as core's bearer check says (401 or 503).
    fetchProfileWithBody(this.lwa, outcome.token).then(
      ({ profile, body, json }) => {
        if (req.res && isAnswered(req.res)) return
        this._finish(req, outcome.token, outcome.info, toPassportProfile(profile, { body, json }))
      },
      (err: unknown) => {
        if (req.res && isAnswered(req.res)) return
        this._refuse(req, this._bearer.refuse(err))
      },
    )
  }

  /** @internal Core's refusal as Passport's `fail` (which writes the challenge of a 401 only). */
  protected _refuse(req: StrategyRequest, refusal: BearerRefusal): void {
    const { status } = refusal.failure
    if (req.res && refusal.retryAfterSeconds)
      req.res.setHeader('Retry-After', String(refusal.retryAfterSeconds))
    if (req.res && refusal.challenge && status !== 401)
      req.res.setHeader('WWW-Authenticate', refusal.challenge)
    if (refusal.challenge && status === 401) this.fail(refusal.challenge, status)
    else this.fail(status)
  }

  /** @internal */
  protected _finish(
    req: StrategyRequest,
    token: string,
    info: TokenInfo,
    profile: AmazonPassportProfile | undefined,
  ): void {
    const verify = this._verify
    if (!verify) {
      // No verify callback: the user is the token's, and no `done` is made for it.
      const user: AmazonTokenUser = { id: info.userId, tokenInfo: info }
      if (profile) user.profile = profile
      this.success(user as Express.User)
      return
    }
    const done: AmazonTokenVerifyCallback = (err, user, extra) => {
      if (err) return this.error(err as Error)
      if (!user) return this._refuse(req, this._bearer.refuse())
      this.success(user as Express.User, extra)
    }
    try {
      if (this._passReq) verify(req, token, info, profile, done)
      else verify(token, info, profile, done)
    } catch (err) {
      this.error(err as Error)
    }
  }
}
