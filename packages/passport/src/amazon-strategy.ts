/**
 * `AmazonStrategy`: Sign in with Amazon for Passport, a drop-in replacement for passport-amazon
 * whose protocol work (PKCE S256, state, code exchange, profile) is done by `@lwa-kit/core`. This
 * file holds the class; its option types are in `amazon-strategy-options.ts`, the verify callback
 * types in `amazon-strategy-verify.ts`, and the steps in `lib/`: options (`strategy-options`), the redirect
 * (`authorization-redirect`), the callback (`sign-in-callback`), state store calls
 * (`state-store-calls`) and the profile skip rule (`profile-skip`).
 *
 * @module
 */
import {
  describeError,
  failureOf,
  fetchProfileWithBody,
  InvalidArgumentError,
  isCrossSite,
  type LwaClient,
  nodeWebRequest,
  type ScopeData,
  type ScopeInput,
  type TokenSet,
  WebErrorCode,
} from '@lwa-kit/core'
import OAuth2Strategy from 'passport-oauth2'
import type { AmazonAuthenticateOptions, AmazonStrategyOptions } from './amazon-strategy-options.js'
import type {
  AmazonVerifyFunction,
  AmazonVerifyFunctionWithParams,
  AmazonVerifyFunctionWithRequest,
  AmazonVerifyFunctionWithRequestAndParams,
} from './amazon-strategy-verify.js'
import { failureInfo } from './errors.js'
import { redirectToAmazon } from './lib/authorization-redirect.js'
import { isHttps, originalUrl, rawQueryOf, type StrategyRequest } from './lib/http.js'
import { shouldSkipProfile } from './lib/profile-skip.js'
import { completeSignIn } from './lib/sign-in-callback.js'
import { verifyState } from './lib/state-store-calls.js'
import { resolveStrategyOptions } from './lib/strategy-options.js'
import { type AmazonPassportProfile, toPassportProfile } from './profile.js'
import type { AmazonStateMeta, AmazonStateStore } from './state-store.js'

/**
 * Passport strategy for Sign in with Amazon (name `amazon`). Compatible with passport-amazon's
 * options and verify callbacks, with PKCE S256 and state on by default, regions, `scope_data`,
 * and the profile fetched with an `Authorization` header.
 *
 * @example
 * ```ts
 * import passport from 'passport'
 * import { AmazonStrategy } from '@lwa-kit/passport'
 *
 * passport.use(new AmazonStrategy({
 *     clientID: process.env.LWA_CLIENT_ID!,
 *     clientSecret: process.env.LWA_CLIENT_SECRET!,
 *     callbackURL: 'https://app.example/auth/amazon/callback',
 *   },
 *   (accessToken, refreshToken, profile, done) => done(null, { id: profile.id, name: profile.displayName }),
 * ))
 * app.get('/auth/amazon', passport.authenticate('amazon'))
 * app.get('/auth/amazon/callback', passport.authenticate('amazon', { failureRedirect: '/login' }), (req, res) => res.redirect('/'))
 * ```
 */
export class AmazonStrategy extends OAuth2Strategy {
  /** The core client this strategy signs in with. */
  readonly lwa: LwaClient
  /** @internal */ protected _lwaScope: ScopeInput
  /** @internal */ protected _lwaScopeData: ScopeData | undefined
  /** @internal */ protected _lwaPkce: boolean
  /** @internal */ protected _lwaStateStore: AmazonStateStore
  /** @internal */ protected _lwaCallbackURL: string | undefined
  /** @internal */ protected _lwaProxy: boolean
  /** @internal */ protected _lwaSkip: AmazonStrategyOptions['skipUserProfile'] | 'auto'
  /** @internal */ protected _lwaPassReq: boolean
  /** @internal */ protected _lwaVerify: (...args: unknown[]) => void

  constructor(
    options: AmazonStrategyOptions & { passReqToCallback: true },
    verify: AmazonVerifyFunctionWithRequest,
  )
  constructor(
    options: AmazonStrategyOptions & { passReqToCallback: true },
    verify: AmazonVerifyFunctionWithRequestAndParams,
  )
  constructor(
    options: AmazonStrategyOptions & { passReqToCallback?: false },
    verify: AmazonVerifyFunction,
  )
  constructor(
    options: AmazonStrategyOptions & { passReqToCallback?: false },
    verify: AmazonVerifyFunctionWithParams,
  )
  constructor(options: AmazonStrategyOptions, verify: (...args: never[]) => void) {
    const settings = resolveStrategyOptions(options, verify)
    const lwa = settings.lwa
    super(
      {
        authorizationURL: lwa.endpoints.authorizationEndpoint,
        tokenURL: lwa.endpoints.tokenEndpoint,
        clientID: lwa.clientId,
        clientSecret: options.clientSecret ?? '',
        ...(options.callbackURL ? { callbackURL: options.callbackURL } : {}),
      },
      verify as unknown as OAuth2Strategy.VerifyFunction,
    )
    this.name = 'amazon'
    this.lwa = lwa
    this._lwaScope = settings.scope
    this._lwaScopeData = settings.scopeData
    this._lwaCallbackURL = settings.callbackURL
    this._lwaProxy = settings.proxy
    this._lwaSkip = settings.skip
    this._lwaPassReq = settings.passReq
    this._lwaVerify = verify as unknown as (...args: unknown[]) => void
    this._lwaStateStore = settings.stateStore
    this._lwaPkce = settings.pkce
  }

  /**
   * Reads the user's profile with core (`Authorization: Bearer`, never the query string).
   *
   * @example
   * ```ts
   * strategy.userProfile(accessToken, (err, profile) => console.log(profile?.displayName))
   * ```
   */
  override userProfile(
    accessToken: string,
    done: (err?: unknown, profile?: AmazonPassportProfile) => void,
  ): void {
    fetchProfileWithBody(this.lwa, accessToken).then(
      ({ profile, body, json }) => done(null, toPassportProfile(profile, { body, json })),
      (err: unknown) => done(err),
    )
  }

  /**
   * Starts the sign-in (redirect to Amazon) or completes it (the callback with `code` or `error`).
   *
   * @example
   * ```ts
   * app.get('/auth/amazon', passport.authenticate('amazon', { scope: 'profile postal_code' }))
   * ```
   */
  override authenticate(req: StrategyRequest, options: AmazonAuthenticateOptions = {}): void {
    const query = rawQueryOf(req)
    const run =
      query.has('code') ||
      query.has('error') ||
      query.has('state') ||
      this._lwaIsCallback(req, options)
        ? this._lwaCallback(req, query, options)
        : this._lwaAuthorize(req, options)
    run.catch((err: unknown) => this.error(err as Error))
  }

  /** @internal Whether the request is for the callback route itself (its path). */
  protected _lwaIsCallback(req: StrategyRequest, options: AmazonAuthenticateOptions): boolean {
    const callbackURL = options.callbackURL ?? this._lwaCallbackURL
    if (!callbackURL) return false
    const base = 'http://callback.invalid'
    const callbackPath = new URL(callbackURL, base).pathname
    return new URL(req.originalUrl ?? req.url ?? '/', base).pathname === callbackPath
  }

  /** @internal */
  protected _lwaMeta(req: StrategyRequest, options: AmazonAuthenticateOptions): AmazonStateMeta {
    let callbackURL = options.callbackURL ?? this._lwaCallbackURL
    if (!callbackURL)
      throw new InvalidArgumentError(
        "AmazonStrategy needs a callbackURL: pass it to new AmazonStrategy({ callbackURL }) or to passport.authenticate('amazon', { callbackURL }) on both the sign-in and the callback route.",
      )
    if (!/^[a-z][a-z0-9+.-]*:/i.test(callbackURL))
      callbackURL = new URL(callbackURL, originalUrl(req, this._lwaProxy)).toString()
    return {
      authorizationURL: this.lwa.endpoints.authorizationEndpoint,
      tokenURL: this.lwa.endpoints.tokenEndpoint,
      clientID: this.lwa.clientId,
      callbackURL,
    }
  }

  /** @internal */
  protected async _lwaAuthorize(
    req: StrategyRequest,
    options: AmazonAuthenticateOptions,
  ): Promise<void> {
    // A cross-site login (a link or an image on another site) must not replace a sign-in in
    // progress in this browser.
    const request = nodeWebRequest(req, isHttps(req, this._lwaProxy))
    if (isCrossSite(request) && this._lwaStateStore.inProgress?.(req)) {
      const refused = failureOf(WebErrorCode.CrossSiteRequest)
      return this.fail({ message: refused.message, code: refused.code } as never, refused.status)
    }
    const meta = this._lwaMeta(req, options)
    const settings = {
      scope: this._lwaScope,
      scopeData: this._lwaScopeData,
      pkce: this._lwaPkce,
      stateStore: this._lwaStateStore,
    }
    return redirectToAmazon(this, settings, req, options, meta)
  }

  /** @internal */
  protected async _lwaCallback(
    req: StrategyRequest,
    query: URLSearchParams,
    options: AmazonAuthenticateOptions,
  ): Promise<void> {
    const meta = this._lwaMeta(req, options)
    const host = {
      lwa: this.lwa,
      verifyState: (state: string | undefined, m: AmazonStateMeta) =>
        this._lwaVerifyState(req, state, m),
      shouldSkip: (tokens: TokenSet) => this._lwaShouldSkip(tokens),
      loadProfile: (accessToken: string) => this._lwaLoadProfile(accessToken),
      failOrError: (err: unknown) => this._lwaFailOrError(err),
      fail: (info: unknown, status?: number) =>
        status === undefined ? this.fail(info as never) : this.fail(info as never, status),
      error: (err: Error) => this.error(err),
      success: (user: unknown, info: Record<string, unknown>) =>
        this.success(user as Express.User, info),
    }
    const settings = {
      scope: (options.scope as ScopeInput | undefined) ?? this._lwaScope,
      pkce: this._lwaPkce,
      passReq: this._lwaPassReq,
      verify: this._lwaVerify,
    }
    return completeSignIn(host, settings, req, query, meta)
  }

  /** @internal */
  protected _lwaVerifyState(
    req: StrategyRequest,
    providedState: string | undefined,
    meta: AmazonStateMeta,
  ): Promise<{ ok: string | boolean; state?: unknown; info?: unknown; error?: Error }> {
    return verifyState(this._lwaStateStore, req, providedState, meta)
  }

  /** @internal */
  protected _lwaShouldSkip(tokens: TokenSet): Promise<boolean> {
    return shouldSkipProfile(this._lwaSkip, tokens)
  }

  /** @internal */
  protected _lwaLoadProfile(accessToken: string): Promise<AmazonPassportProfile> {
    return new Promise((resolve, reject) =>
      this.userProfile(accessToken, (err, profile) =>
        err ? reject(err) : resolve(profile as AmazonPassportProfile),
      ),
    )
  }

  /** @internal */
  protected _lwaFailOrError(err: unknown): void {
    // What core's table knows is a failed sign-in with its status: denied consent 403, a bad or
    // replayed state 400, LWA down 502, slow 504. Passport answers it (or `failureRedirect`s)
    // without the app's error handler, which would render the stack and LWA's own status.
    const failure = describeError(err)
    if (failure.code === WebErrorCode.Internal) {
      this.error(err as Error)
      return
    }
    this.fail(failureInfo(err) as never, failure.status)
  }
}
