/**
 * The option types of `AmazonStrategy`: its constructor options, the per-call options of
 * `passport.authenticate('amazon', …)`, and the token details of a 5-argument verify callback.
 * They live apart from the class so that its steps in `lib/` can use them without importing the
 * class file back.
 *
 * @module
 */
import type {
  LwaClient,
  LwaClientOptions,
  ScopeData,
  ScopeInput,
  SignInTransactionOptions,
  TokenSet,
} from '@lwa-kit/core'
import type { AmazonStateStore } from './state-store.js'

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
 * Options of {@link AmazonStrategy}: passport-amazon's (`clientID`, `clientSecret`, `callbackURL`)
 * and passport-oauth2's, plus Amazon's own. `clientSecret`, `region`, `endpoints` and `timeoutMs`
 * are core's client options, `scopeData` and `usedNonces` (which refuses a replayed state cookie;
 * pass a shared one, e.g. on Redis, for several instances) its sign-in transaction's.
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
export interface AmazonStrategyOptions
  extends Pick<LwaClientOptions, 'clientSecret' | 'region' | 'endpoints' | 'timeoutMs'>,
    Pick<SignInTransactionOptions, 'scopeData' | 'usedNonces'> {
  /** The Security Profile's client id. */
  clientID: string
  /**
   * The callback URL, exactly as registered in Allowed Return URLs (may be relative to the
   * request). Optional as in passport-oauth2: it may come with each
   * `passport.authenticate('amazon', { callbackURL })` instead (the same URL on both legs).
   */
  callbackURL?: string
  /** Scopes to ask for (default `profile`). */
  scope?: ScopeInput
  /** passport-amazon's override of the sign-in page URL. */
  authorizationURL?: string
  /** passport-amazon's override of the token URL. */
  tokenURL?: string
  /**
   * An existing core client to use instead of building one from the options above, as
   * `createLwaClient` made it (not a copy such as `{ ...lwa }`: the profile is read through it).
   */
  client?: LwaClient
  /** PKCE S256 (default on). `false` turns it off (LWA then needs no verifier). */
  pkce?: boolean | 'S256'
  /**
   * Where state and the PKCE verifier wait for the callback: `true` (the default: the session
   * under `sessionKey` when there is one, otherwise core's sealed cookie) or a passport-oauth2
   * state store of your own. `false` is refused with `InvalidArgumentError`: PKCE needs somewhere
   * to keep its verifier, and a state nobody checks protects nothing.
   */
  state?: true | AmazonStateStore
  /** passport-oauth2's name for a custom state store. */
  store?: AmazonStateStore
  /**
   * The secret the state cookie is sealed with (at least 32 characters; share it across instances).
   * Default: derived from `clientSecret`, or random per process when there is none.
   */
  stateSecret?: string
  /** The state cookie's name (default `lwa_state`; `__Host-lwa_state` behind https). */
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
  /**
   * The `fetch` for calls to LWA (default: `@lwa-kit/node`'s `nodeFetch()`, a transport on
   * `node:http` that costs a third of the CPU of Node's built-in `fetch`). Pass
   * `globalThis.fetch` to use Node's own (with an undici proxy dispatcher, say).
   */
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
  /**
   * The callback URL of this sign-in (instead of the strategy's): give the same one to the route
   * that redirects to Amazon and to the callback route, where the code is exchanged with it.
   */
  callbackURL?: string
  /** App state kept with the sign-in and handed back as `info.state` (`returnTo` is checked to stay on the site). */
  state?: unknown
  [key: string]: unknown
}
