/**
 * The options of {@link LwaModule} and the user object the guards put on the request.
 *
 * @module
 */
import type {
  DeviceLinkingOptions,
  LwaServicesOptions,
  SignInSessionsOptions,
  TokenInfo,
} from '@lwa-kit/core'

/**
 * Settings of `LwaModule.forRoot()` (or what the `forRootAsync()` factory returns): core's
 * `createLwaServices` options (`clientSecret`, `region`, `endpoints`, `store`, `refreshAheadMs`,
 * `verifierCacheSize`, `timeoutMs`), which make the objects behind `LwaTokenService` and
 * `LwaBearerGuard`, plus the sign-in, Music, device and session settings below.
 *
 * @example
 * ```ts
 * const options: LwaModuleOptions = {
 *   clientId: process.env.LWA_CLIENT_ID!,
 *   clientSecret: process.env.LWA_CLIENT_SECRET,
 *   callbackURL: 'https://app.example.com/auth/amazon/callback',
 *   scope: ['profile', 'music::library:read'],
 *   stateSecret: process.env.LWA_STATE_SECRET,
 * }
 * ```
 */
export interface LwaModuleOptions
  extends Omit<LwaServicesOptions, 'client' | 'clientId' | 'fetch' | 'hash' | 'now' | 'retries'> {
  /** The Security Profile's client id (`amzn1.application-oa2-client.…`). */
  clientId: string
  /**
   * The exact redirect URI of the sign-in callback route, as registered on the Security Profile.
   * Needed by `LwaStrategy` (the login and callback routes); APIs behind `LwaBearerGuard` only need
   * the client id.
   */
  callbackURL?: string
  /** The scopes asked at sign-in (default `profile`). A string (space-separated) or a list. */
  scope?: string | readonly string[]
  /** Per-scope data sent as `scope_data` at sign-in (e.g. `alexa:all` device data). */
  scopeData?: Record<string, unknown>
  /**
   * The secret that seals the sign-in state and PKCE verifier into a cookie when the app has no
   * session (at least 32 characters). Passed to `AmazonStrategy` of `@lwa-kit/passport`.
   */
  stateSecret?: string
  /** Extra options for `AmazonStrategy` (see `@lwa-kit/passport`), merged over the ones above. */
  strategy?: Record<string, unknown>
  /**
   * The Amazon Music `x-api-key`: your Security Profile id (`amzn1.application.…`). Default: the
   * `app_id` token info reports for the user's token.
   */
  musicApiKey?: string
  /** The Amazon Music Web API base URL (default: the endpoints' `musicApiBase`). */
  musicBaseUrl?: string
  /**
   * Turns on device linking (`LwaDeviceService`), off unless given (`device: {}` uses the
   * defaults). Off by default because a linked device signs in the browser that polls: with
   * device-code phishing an attacker's browser would be signed in as the victim. Turn it on only
   * in apps that link devices. Core's `createDeviceLinking` options: `scope` (default `profile`),
   * `scopeData` (e.g. from core's `alexaAll()`), `locale` (Amazon's code page), `secret` (seals the
   * pending-pair cookie, at least 32 characters; default `stateSecret`), `cookieName` (default
   * `lwa_device`; `__Host-` behind https) and `allowedOrigins` (besides the app's own that may
   * start linking; default none).
   */
  device?: Partial<Omit<DeviceLinkingOptions, 'client' | 'now'>> & {
    /**
     * @deprecated Ignored: nothing polls in the background any more. Each status request asks
     * LWA at most once, never before the pair's interval (doubled on `slow_down`).
     */
    pollIntervalMs?: number
  }
  /**
   * Turns on sign-in sessions (`LwaSessionService`), off unless given (`session: {}` uses the
   * defaults). Each sign-in gets a sealed cookie that names a handle of its own in the token
   * store, and the sign-in's tokens are kept under that handle (`user.key`) instead of the user
   * id: signing out ends every copy of the cookie, and a copy never sees a later sign-in's tokens.
   * Core's `createSignInSessions` options: `secret` (at least 32 characters, an array rotates;
   * default `stateSecret`), `cookieName` (default `lwa_session`; `__Host-` behind https),
   * `maxAgeSeconds` (how long a sign-in lasts at most; default 7 days), `idleSeconds` (how long it
   * lasts unused; default `maxAgeSeconds`) and `allowedOrigins` (besides the app's own that may
   * sign out; default none).
   */
  session?: Partial<Omit<SignInSessionsOptions, 'store' | 'tokens' | 'now' | 'crypto'>>
  /**
   * The `fetch` for calls to LWA (default: `@lwa-kit/node`'s `nodeFetch()`, a transport on
   * `node:http` that costs a third of the CPU of Node's built-in `fetch`). Pass
   * `globalThis.fetch` to use Node's own (with an undici proxy dispatcher, say).
   */
  fetch?: typeof fetch
}

/**
 * The signed-in user that `LwaAuthGuard` and `LwaBearerGuard` put on `request.user`, and that
 * `@LwaUser()` reads.
 *
 * @example
 * ```ts
 * @Get('me')
 * @UseGuards(LwaBearerGuard)
 * me(@LwaUser() user: LwaUser) {
 *   return { id: user.userId }
 * }
 * ```
 */
export interface LwaUser {
  /** The Amazon user id (`amzn1.account.…`). */
  userId: string
  /**
   * The key of this sign-in's tokens in `LwaTokenService` and `LwaMusicService`: the session's
   * handle with `session` on, else the user id. Absent for bearer requests (no tokens kept).
   */
  key?: string
  /** The name, with the `profile` scope. */
  name?: string
  /** The e-mail address, with the `profile` scope. */
  email?: string
  /** The postal code, with the `postal_code` scope. */
  postalCode?: string
  /** The scopes granted, when known. */
  scope?: string[]
  /** For bearer requests: what token info said about the token. */
  tokenInfo?: TokenInfo
}

/**
 * The secret that seals a feature's cookie: its own, else `stateSecret`; without either, a
 * start-up error that says which option to set.
 *
 * @internal
 */
export function secretFor(
  needs: string,
  own: string | readonly string[] | undefined,
  options: LwaModuleOptions,
): string | readonly string[] {
  const secret = own ?? options.stateSecret
  if (!secret) throw new TypeError(`LwaModule ${needs} (or stateSecret): at least 32 characters.`)
  return secret
}
