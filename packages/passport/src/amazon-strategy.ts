/**
 * `AmazonStrategy`: Sign in with Amazon for Passport, a drop-in replacement for passport-amazon.
 * It translates only: core's sign-in transaction starts the sign-in (state, PKCE S256, the safe
 * return path, where it waits) and checks the callback (state first, single use, then `error`,
 * then the code); this class maps Passport's options and outcomes onto it. Its option types are in
 * `amazon-strategy-options.ts`, the verify callback types in `amazon-strategy-verify.ts`.
 *
 * @module
 */
import {
  appendNodeCookie,
  fetchProfileWithBody,
  InvalidArgumentError,
  isAnswered,
  isSignInCallback,
  type LwaClient,
  nodeRequestIsHttps,
  nodeWebRequest,
  resolveRedirectUri,
  type ScopeData,
  type ScopeInput,
  type TokenSet,
  WebErrorCode,
  type WebFailure,
  type WebRequest,
} from '@lwa-kit/core'
import OAuth2Strategy from 'passport-oauth2'
import type { AmazonAuthenticateOptions, AmazonStrategyOptions } from './amazon-strategy-options.js'
import type {
  AmazonVerifyCallback,
  AmazonVerifyFunction,
  AmazonVerifyFunctionWithParams,
  AmazonVerifyFunctionWithRequest,
  AmazonVerifyFunctionWithRequestAndParams,
} from './amazon-strategy-verify.js'
import { failureInfo } from './errors.js'
import type { StrategyRequest } from './lib/http.js'
import { shouldSkipProfile } from './lib/profile-skip.js'
import { resolveStrategyOptions, type StrategySettings } from './lib/strategy-options.js'
import { callVerify } from './lib/verify-call.js'
import { type AmazonPassportProfile, toPassportProfile } from './profile.js'
import { type AmazonStateMeta, storeOf } from './state-store.js'

/** What {@link AmazonStrategy} hands core's sign-in for one request. @internal */
type LwaCall = ReturnType<AmazonStrategy['_lwaCall']>['call']

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
  /** @internal */ protected _lwa: StrategySettings
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
    this._lwa = settings
    this._lwaVerify = verify as unknown as (...args: unknown[]) => void
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
    new Promise<void>((resolve) => {
      const { request, call } = this._lwaCall(req, options)
      // Core's rule: `code`, `error` or `state` in the query, or the callback URL's path.
      resolve(
        isSignInCallback(request, call.redirectUri)
          ? this._lwaCallback(req, request, call)
          : this._lwaAuthorize(req, options, request, call),
      )
    }).catch((err: unknown) => this.error(err as Error))
  }

  /**
   * @internal Core's request facts, this request's store and the call's redirect URI (a relative
   * callback URL resolved by core on the request's URL, `X-Forwarded-*` trusted with `proxy`)
   * and scope.
   */
  protected _lwaCall(req: StrategyRequest, options: AmazonAuthenticateOptions) {
    const callbackURL = options.callbackURL ?? this._lwa.callbackURL
    if (!callbackURL)
      throw new InvalidArgumentError(
        "AmazonStrategy needs a callbackURL: pass it to new AmazonStrategy({ callbackURL }) or to passport.authenticate('amazon', { callbackURL }) on both the sign-in and the callback route.",
      )
    const trustProxy = { trustProxy: this._lwa.proxy }
    const request = nodeWebRequest(req, nodeRequestIsHttps(req, trustProxy))
    const redirectUri = resolveRedirectUri(callbackURL, request, trustProxy)
    const meta: AmazonStateMeta = {
      authorizationURL: this.lwa.endpoints.authorizationEndpoint,
      tokenURL: this.lwa.endpoints.tokenEndpoint,
      clientID: this.lwa.clientId,
      callbackURL: redirectUri,
    }
    const { stateStore, sessionKey } = this._lwa
    return {
      request,
      call: {
        redirectUri,
        scope: (options.scope as ScopeInput | undefined) ?? this._lwa.scope,
        ...storeOf(req, stateStore, sessionKey, meta),
      },
    }
  }

  /** @internal Sets core's cookies on the response, unless the app has answered already. */
  protected _lwaCookies(req: StrategyRequest, cookies: readonly string[]): void {
    const res = req.res
    if (res && !isAnswered(res)) for (const line of cookies) appendNodeCookie(res, line)
  }

  /** @internal */
  protected async _lwaAuthorize(
    req: StrategyRequest,
    options: AmazonAuthenticateOptions,
    request: WebRequest,
    call: LwaCall,
  ): Promise<void> {
    const scopeData = (options.scopeData as ScopeData | undefined) ?? this._lwa.scopeData
    const extraParams: Record<string, string> = {}
    for (const [key, value] of Object.entries(this.authorizationParams(options) ?? {}))
      if (typeof value === 'string') extraParams[key] = value
    const appState = options.state
    const returnTo = (appState as { returnTo?: unknown } | undefined)?.returnTo
    const begun = await this._lwa.signIn.begin(request, {
      ...call,
      extraParams,
      ...(scopeData ? { scopeData } : {}),
      ...(appState !== undefined ? { appState } : {}),
      ...(returnTo !== undefined ? { returnTo } : {}),
    })
    if (!begun.ok) return this._lwaFail(begun.failure, undefined)
    if (begun.cookies.length > 0 && !req.res)
      throw new Error('The sealed-cookie sign-in state needs Express (req.res) or a session.')
    this._lwaCookies(req, begun.cookies)
    this.redirect(begun.url)
  }

  /** @internal */
  protected async _lwaCallback(
    req: StrategyRequest,
    request: WebRequest,
    call: LwaCall,
  ): Promise<void> {
    const result = await this._lwa.signIn.finish(request, {
      ...call,
      user: async (tokens: TokenSet) =>
        (await shouldSkipProfile(this._lwa.skip, tokens))
          ? undefined
          : this._lwaLoadProfile(tokens.accessToken),
    })
    this._lwaCookies(req, result.cookies)
    if (!result.ok) return this._lwaFail(result.failure, result.error)
    const verified: AmazonVerifyCallback = (err, user, info) => {
      if (err) return this.error(err as Error)
      if (!user) return this.fail(info as never)
      const state = result.appState
      this.success(user as Express.User, { ...info, ...(state !== undefined ? { state } : {}) })
    }
    try {
      callVerify(this._lwaVerify, this._lwa.passReq, req, result.tokens, result.user, verified)
    } catch (err) {
      this.error(err as Error)
    }
  }

  /** @internal */
  protected _lwaLoadProfile(accessToken: string): Promise<AmazonPassportProfile> {
    return new Promise((resolve, reject) =>
      this.userProfile(accessToken, (err, profile) =>
        err ? reject(err) : resolve(profile as AmazonPassportProfile),
      ),
    )
  }

  /** @internal A failure in core's table: Passport's `fail` with its status, or `error` for a bug. */
  protected _lwaFail(failure: WebFailure, err: unknown): void {
    // Answered by Passport (or `failureRedirect`), never through the app's error handler, which
    // would render the stack and LWA's own status.
    if (failure.code === WebErrorCode.Internal) this.error(err as Error)
    else this.fail(failureInfo(failure, err) as never, failure.status)
  }
}
