/**
 * `AmazonStrategy`: Sign in with Amazon for Passport, a drop-in replacement for passport-amazon
 * whose protocol work (PKCE S256, state, code exchange, profile) is done by `@lwa-kit/core`.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto'
import {
  type AmazonProfile,
  createLwaClient,
  type LwaClient,
  type LwaEndpoints,
  LwaErrorCode,
  normalizeScopes,
  parseCallback,
  type Region,
  type ScopeData,
  type ScopeInput,
  type TokenSet,
} from '@lwa-kit/core'
import OAuth2Strategy from 'passport-oauth2'
import { failureInfo, isAuthenticationFailure } from './errors.js'
import { originalUrl, queryOf, type StrategyRequest } from './lib/http.js'
import { type AmazonPassportProfile, toPassportProfile } from './profile.js'
import { type AmazonStateMeta, type AmazonStateStore, AutoStateStore } from './state-store.js'

/** Scopes that make `/user/profile` answer; without one of them the profile is skipped. */
const PROFILE_SCOPES = new Set(['profile', 'profile:user_id', 'postal_code'])

/**
 * What the verify callback's `done` takes: an error, the user (or `false` to fail), and info.
 *
 * @example
 * ```ts
 * const done: AmazonVerifyCallback = (err, user) => {}
 * ```
 */
export type AmazonVerifyCallback = (err?: unknown, user?: unknown, info?: object) => void

/**
 * The token response details handed to a 5-argument verify callback.
 *
 * @example
 * ```ts
 * new AmazonStrategy(options, (accessToken, refreshToken, params: AmazonTokenParams, profile, done) => {
 *   tokens.setTokens(profile.id, params.tokenSet).then(() => done(null, { id: profile.id }), done)
 * })
 * ```
 */
export interface AmazonTokenParams {
  token_type: 'bearer'
  /** Seconds until the access token expires (LWA: 3600). */
  expires_in: number
  /** The scopes granted, space-separated. */
  scope: string
  /** When the access token expires, in milliseconds since the epoch. */
  expires_at: number
  /** The tokens as core's `TokenSet`, ready for a token manager or store. */
  tokenSet: TokenSet
}

/**
 * `verify(accessToken, refreshToken, profile, done)`, passport-amazon's form.
 *
 * @example
 * ```ts
 * const verify: AmazonVerifyFunction = (accessToken, refreshToken, profile, done) => done(null, profile)
 * ```
 */
export type AmazonVerifyFunction = (
  accessToken: string,
  refreshToken: string | undefined,
  profile: AmazonPassportProfile,
  done: AmazonVerifyCallback,
) => void

/**
 * `verify(accessToken, refreshToken, params, profile, done)`, with the token details.
 *
 * @example
 * ```ts
 * const verify: AmazonVerifyFunctionWithParams = (at, rt, params, profile, done) => done(null, { id: profile.id, expiresAt: params.expires_at })
 * ```
 */
export type AmazonVerifyFunctionWithParams = (
  accessToken: string,
  refreshToken: string | undefined,
  params: AmazonTokenParams,
  profile: AmazonPassportProfile,
  done: AmazonVerifyCallback,
) => void

/**
 * `verify(req, accessToken, refreshToken, profile, done)` (with `passReqToCallback: true`).
 *
 * @example
 * ```ts
 * const verify: AmazonVerifyFunctionWithRequest = (req, at, rt, profile, done) => done(null, profile)
 * ```
 */
export type AmazonVerifyFunctionWithRequest = (
  req: StrategyRequest,
  accessToken: string,
  refreshToken: string | undefined,
  profile: AmazonPassportProfile,
  done: AmazonVerifyCallback,
) => void

/**
 * `verify(req, accessToken, refreshToken, params, profile, done)` (with `passReqToCallback: true`).
 *
 * @example
 * ```ts
 * const verify: AmazonVerifyFunctionWithRequestAndParams = (req, at, rt, params, profile, done) => done(null, profile)
 * ```
 */
export type AmazonVerifyFunctionWithRequestAndParams = (
  req: StrategyRequest,
  accessToken: string,
  refreshToken: string | undefined,
  params: AmazonTokenParams,
  profile: AmazonPassportProfile,
  done: AmazonVerifyCallback,
) => void

/**
 * Options of {@link AmazonStrategy}: passport-amazon's (`clientID`, `clientSecret`, `callbackURL`)
 * and passport-oauth2's, plus Amazon's own.
 *
 * @example
 * ```ts
 * const options: AmazonStrategyOptions = {
 *   clientID: process.env.LWA_CLIENT_ID!,
 *   clientSecret: process.env.LWA_CLIENT_SECRET!,
 *   callbackURL: 'https://app.example/auth/amazon/callback',
 *   scope: ['profile', 'music::library:read'],
 * }
 * ```
 */
export interface AmazonStrategyOptions {
  /** The Security Profile's client id. */
  clientID: string
  /** The client secret (web clients). */
  clientSecret?: string
  /** The callback URL, exactly as registered in Allowed Return URLs (may be relative to the request). */
  callbackURL: string
  /** Scopes to ask for (default `profile`). */
  scope?: ScopeInput
  /** `scope_data` (essential/voluntary flags, Alexa device data). */
  scopeData?: ScopeData
  /** The LWA region (default `NA`). */
  region?: Region
  /** Endpoints to use instead of the region's, e.g. `emulator.endpoints`. */
  endpoints?: Partial<LwaEndpoints>
  /** passport-amazon's override of the sign-in page URL. */
  authorizationURL?: string
  /** passport-amazon's override of the token URL. */
  tokenURL?: string
  /** An existing core client to use instead of building one from the options above. */
  client?: LwaClient
  /** PKCE S256 (default on). `false` turns it off (LWA then needs no verifier). */
  pkce?: boolean | 'S256'
  /**
   * Where state and the PKCE verifier wait for the callback (default on): `true` (the session when
   * there is one, otherwise a sealed cookie), `false`, or a state store of your own.
   */
  state?: boolean | AmazonStateStore
  /** passport-oauth2's name for a custom state store. */
  store?: AmazonStateStore
  /**
   * The secret the state cookie is sealed with (at least 32 characters; share it across instances).
   * Default: derived from `clientSecret`, or random per process when there is none.
   */
  stateSecret?: string
  /** The state cookie's name (default `lwa_state`). */
  stateCookieName?: string
  /** The session key of the session state store (default `oauth2:<sign-in host>`, as passport-oauth2). */
  sessionKey?: string
  /**
   * Skip the profile: `true`, `false`, or passport-oauth2's function form. Default: skipped
   * exactly when no profile scope (`profile`, `profile:user_id`, `postal_code`) was granted.
   */
  skipUserProfile?:
    | boolean
    | (() => boolean)
    | ((accessToken: string, done: (err: unknown, skip?: boolean) => void) => void)
  /** Pass `req` as the verify callback's first argument. */
  passReqToCallback?: boolean
  /** Trust `X-Forwarded-Proto`/`-Host` when resolving a relative callback URL and `Secure`. */
  proxy?: boolean
  /** The time budget of each LWA call in milliseconds (default 10 000). */
  timeoutMs?: number
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch
}

/**
 * Per-call options of `passport.authenticate('amazon', options)`.
 *
 * @example
 * ```ts
 * app.get('/auth/amazon', passport.authenticate('amazon', { scope: ['profile', 'postal_code'], state: { returnTo: '/library' } }))
 * ```
 */
export interface AmazonAuthenticateOptions {
  scope?: ScopeInput
  scopeData?: ScopeData
  callbackURL?: string
  /** App state kept with the sign-in and handed back as `info.state` (`returnTo` is checked to stay on the site). */
  state?: unknown
  [key: string]: unknown
}

function deriveStateSecret(clientSecret: string | undefined): string {
  if (!clientSecret) return randomBytes(32).toString('base64url')
  return createHash('sha256')
    .update(`lwa-kit/passport/state-cookie\0${clientSecret}`)
    .digest('base64url')
}

function stripPkce(url: URL): void {
  url.searchParams.delete('code_challenge')
  url.searchParams.delete('code_challenge_method')
}

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
  /** @internal */ protected _lwaStateStore: AmazonStateStore | undefined
  /** @internal */ protected _lwaCallbackURL: string
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
    if (!options || typeof options !== 'object')
      throw new TypeError('AmazonStrategy needs options.')
    if (typeof verify !== 'function')
      throw new TypeError('AmazonStrategy requires a verify callback')
    if (!options.clientID && !options.client)
      throw new TypeError('AmazonStrategy requires a clientID option')
    if (!options.callbackURL) throw new TypeError('AmazonStrategy requires a callbackURL option')
    if (options.pkce !== undefined && ![true, false, 'S256'].includes(options.pkce))
      throw new TypeError(
        'AmazonStrategy: pkce must be true, false or "S256" (LWA\'s plain is not offered).',
      )
    const lwa =
      options.client ??
      createLwaClient({
        clientId: options.clientID,
        ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
        ...(options.region ? { region: options.region } : {}),
        endpoints: {
          ...(options.endpoints ?? {}),
          ...(options.authorizationURL ? { authorizationEndpoint: options.authorizationURL } : {}),
          ...(options.tokenURL ? { tokenEndpoint: options.tokenURL } : {}),
        },
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      })
    super(
      {
        authorizationURL: lwa.endpoints.authorizationEndpoint,
        tokenURL: lwa.endpoints.tokenEndpoint,
        clientID: lwa.clientId,
        clientSecret: options.clientSecret ?? '',
        callbackURL: options.callbackURL,
      },
      verify as unknown as OAuth2Strategy.VerifyFunction,
    )
    this.name = 'amazon'
    this.lwa = lwa
    this._lwaScope = options.scope ?? 'profile'
    normalizeScopes(this._lwaScope)
    this._lwaScopeData = options.scopeData
    this._lwaCallbackURL = options.callbackURL
    this._lwaProxy = Boolean(options.proxy)
    this._lwaSkip = options.skipUserProfile ?? 'auto'
    this._lwaPassReq = Boolean(options.passReqToCallback)
    this._lwaVerify = verify as unknown as (...args: unknown[]) => void
    const custom = typeof options.state === 'object' ? options.state : options.store
    if (custom) this._lwaStateStore = custom
    else if (options.state === false) this._lwaStateStore = undefined
    else
      this._lwaStateStore = new AutoStateStore({
        key:
          options.sessionKey ?? `oauth2:${new URL(lwa.endpoints.authorizationEndpoint).hostname}`,
        secret: options.stateSecret ?? deriveStateSecret(options.clientSecret),
        ...(options.stateCookieName ? { cookieName: options.stateCookieName } : {}),
        trustProxy: this._lwaProxy,
      })
    if (options.pkce && !this._lwaStateStore)
      throw new TypeError(
        'AmazonStrategy: PKCE needs state (the verifier waits with it); leave state on.',
      )
    this._lwaPkce = options.pkce !== false && this._lwaStateStore !== undefined
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
    this.lwa.profile(accessToken).then(
      (profile: AmazonProfile) => done(null, toPassportProfile(profile)),
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
    const query = queryOf(req)
    const run =
      query.code !== undefined || query.error !== undefined
        ? this._lwaCallback(req, query, options)
        : this._lwaAuthorize(req, options)
    run.catch((err: unknown) => this.error(err as Error))
  }

  /** @internal */
  protected _lwaMeta(req: StrategyRequest, options: AmazonAuthenticateOptions): AmazonStateMeta {
    let callbackURL = options.callbackURL ?? this._lwaCallbackURL
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
    const meta = this._lwaMeta(req, options)
    const extra: Record<string, string> = {}
    for (const [key, value] of Object.entries(this.authorizationParams(options) ?? {}))
      if (typeof value === 'string') extra[key] = value
    const scopeData = (options.scopeData as ScopeData | undefined) ?? this._lwaScopeData
    const request = await this.lwa.authorizationUrl({
      scope: (options.scope as ScopeInput | undefined) ?? this._lwaScope,
      redirectUri: meta.callbackURL,
      ...(scopeData ? { scopeData } : {}),
      ...(Object.keys(extra).length > 0 ? { extraParams: extra } : {}),
    })
    const url = new URL(request.url)
    const store = this._lwaStateStore
    if (!store) {
      stripPkce(url)
      return this.redirect(url.toString())
    }
    const appState = options.state
    // Core always makes a verifier; stores keep it, and it is used only with PKCE on.
    const pkce = this._lwaPkce && store.store.length >= 5
    const stored = (err: Error | null, handle?: string) => {
      if (err) return this.error(err)
      if (handle && handle !== request.state) url.searchParams.set('state', handle)
      if (!pkce) stripPkce(url)
      this.redirect(url.toString())
    }
    const fullMeta = { ...meta, state: request.state }
    const legacy = store as unknown as { store: (...args: unknown[]) => void }
    switch (store.store.length) {
      case 5:
        return store.store(req, request.codeVerifier, appState, fullMeta, stored)
      case 4:
        return legacy.store(req, appState, fullMeta, stored)
      case 3:
        return legacy.store(req, fullMeta, stored)
      default:
        return legacy.store(req, stored)
    }
  }

  /** @internal */
  protected async _lwaCallback(
    req: StrategyRequest,
    query: Record<string, string>,
    options: AmazonAuthenticateOptions,
  ): Promise<void> {
    const meta = this._lwaMeta(req, options)
    let params: ReturnType<typeof parseCallback> | undefined
    let callbackError: unknown
    try {
      params = parseCallback(query)
    } catch (err) {
      callbackError = err
    }
    // State first: a forged `?error=access_denied&state=anything` is a state failure, not a
    // denied consent.
    const checked = await this._lwaVerifyState(req, query.state, meta)
    if (checked.error) return this.error(checked.error)
    if (!checked.ok) return this.fail(checked.info as never, 403)
    if (callbackError !== undefined) return this._lwaFailOrError(callbackError)
    const codeVerifier = this._lwaPkce && typeof checked.ok === 'string' ? checked.ok : undefined
    const requested = normalizeScopes((options.scope as ScopeInput | undefined) ?? this._lwaScope)
    let tokens: TokenSet
    try {
      tokens = await this.lwa.exchangeCode({
        code: (params as { code: string }).code,
        redirectUri: meta.callbackURL,
        ...(codeVerifier ? { codeVerifier } : {}),
        scope: params?.scope && params.scope.length > 0 ? params.scope : requested,
      })
    } catch (err) {
      return this._lwaFailOrError(err)
    }
    let profile: AmazonPassportProfile | undefined
    try {
      if (!(await this._lwaShouldSkip(tokens)))
        profile = await this._lwaLoadProfile(tokens.accessToken)
    } catch (err) {
      return this._lwaFailOrError(err)
    }
    const tokenParams: AmazonTokenParams = {
      token_type: 'bearer',
      expires_in: Math.max(0, Math.round((tokens.expiresAt - Date.now()) / 1000)),
      scope: tokens.scope.join(' '),
      expires_at: tokens.expiresAt,
      tokenSet: tokens,
    }
    const verified: AmazonVerifyCallback = (err, user, info) => {
      if (err) return this.error(err as Error)
      if (!user) return this.fail(info as never)
      const out: Record<string, unknown> = { ...(info ?? {}) }
      if (checked.state !== undefined) out.state = checked.state
      this.success(user as Express.User, out)
    }
    const verify = this._lwaVerify
    const arity = verify.length
    try {
      if (this._lwaPassReq) {
        if (arity === 6)
          verify(req, tokens.accessToken, tokens.refreshToken, tokenParams, profile, verified)
        else verify(req, tokens.accessToken, tokens.refreshToken, profile, verified)
      } else if (arity === 5) {
        verify(tokens.accessToken, tokens.refreshToken, tokenParams, profile, verified)
      } else {
        verify(tokens.accessToken, tokens.refreshToken, profile, verified)
      }
    } catch (err) {
      this.error(err as Error)
    }
  }

  /** @internal */
  protected _lwaVerifyState(
    req: StrategyRequest,
    providedState: string | undefined,
    meta: AmazonStateMeta,
  ): Promise<{ ok: string | boolean; state?: unknown; info?: unknown; error?: Error }> {
    const store = this._lwaStateStore
    if (!store) return Promise.resolve({ ok: true })
    return new Promise((resolve) => {
      const loaded = (err: Error | null, ok: string | boolean, state?: unknown) => {
        if (err) return resolve({ ok: false, error: err })
        if (!ok) return resolve({ ok: false, info: state })
        resolve({ ok, state })
      }
      try {
        if (store.verify.length === 4) store.verify(req, providedState ?? '', meta, loaded)
        else
          (store as unknown as { verify: (...args: unknown[]) => void }).verify(
            req,
            providedState ?? '',
            loaded,
          )
      } catch (err) {
        resolve({ ok: false, error: err as Error })
      }
    })
  }

  /** @internal */
  protected _lwaShouldSkip(tokens: TokenSet): Promise<boolean> {
    const skip = this._lwaSkip
    if (skip === 'auto') return Promise.resolve(!tokens.scope.some((s) => PROFILE_SCOPES.has(s)))
    if (typeof skip === 'function') {
      if (skip.length > 1)
        return new Promise((resolve, reject) =>
          (skip as (t: string, d: (e: unknown, s?: boolean) => void) => void)(
            tokens.accessToken,
            (err, value) => (err ? reject(err) : resolve(Boolean(value))),
          ),
        )
      return Promise.resolve(Boolean((skip as () => boolean)()))
    }
    return Promise.resolve(Boolean(skip))
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
    if (!isAuthenticationFailure(err)) {
      this.error(err as Error)
      return
    }
    // Denied consent is the user's answer (401, as passport-oauth2); bad state is refused (403).
    if ((err as { code?: string }).code === LwaErrorCode.AccessDenied) {
      this.fail(failureInfo(err) as never)
      return
    }
    this.fail(failureInfo(err) as never, 403)
  }
}
