/**
 * `AmazonStrategy`'s options, checked and resolved once in its constructor: the core client, core's
 * sign-in transaction (the state cookie's secret, PKCE), the scopes and the app's state store.
 *
 * @module
 */

import {
  createLwaClient,
  createSignInTransaction,
  deriveSecret,
  InvalidArgumentError,
  type LwaClient,
  type ScopeData,
  type ScopeInput,
  type SignInTransaction,
} from '@lwa-kit/core'
import { nodeFetch, nodeSealCrypto } from '@lwa-kit/node'
import type { AmazonStrategyOptions } from '../amazon-strategy-options.js'
import type { AmazonStateStore } from '../state-store.js'

/** The settings a strategy keeps from its options. */
export interface StrategySettings {
  lwa: LwaClient
  /** Core's sign-in transaction: every start and callback goes through it. */
  signIn: SignInTransaction
  scope: ScopeInput
  scopeData: ScopeData | undefined
  callbackURL: string | undefined
  proxy: boolean
  skip: AmazonStrategyOptions['skipUserProfile'] | 'auto'
  passReq: boolean
  /** The app's own passport-oauth2 state store, if any. */
  stateStore: AmazonStateStore | undefined
  /** The session key of the session store. */
  sessionKey: string
}

/**
 * Throws a `TypeError` for options or a verify callback passport-amazon would refuse, and
 * `InvalidArgumentError` for `state: false` (core's transaction refuses a bad `pkce`).
 */
export function assertStrategyArgs(options: AmazonStrategyOptions, verify: unknown): void {
  if (!options || typeof options !== 'object') throw new TypeError('AmazonStrategy needs options.')
  if (typeof verify !== 'function') throw new TypeError('AmazonStrategy requires a verify callback')
  if (!options.clientID && !options.client)
    throw new TypeError('AmazonStrategy requires a clientID option')
  if ((options.state as unknown) === false)
    throw new InvalidArgumentError(
      'AmazonStrategy: state: false is not supported. PKCE S256 needs a place to keep its verifier until the callback, and LWA sends state back; leave state on (the session, or a sealed cookie without one) or pass a state store.',
    )
}

/**
 * The options' core client, or one built from the client id, region and endpoint overrides (both
 * strategies' options; the bearer strategy's have no secret and no URL overrides).
 */
export function clientFromOptions(options: Partial<AmazonStrategyOptions>): LwaClient {
  return (
    options.client ??
    createLwaClient({
      clientId: options.clientID as string,
      clientSecret: options.clientSecret,
      region: options.region || undefined,
      endpoints: {
        ...(options.endpoints ?? {}),
        ...(options.authorizationURL ? { authorizationEndpoint: options.authorizationURL } : {}),
        ...(options.tokenURL ? { tokenEndpoint: options.tokenURL } : {}),
      },
      fetch: options.fetch ?? nodeFetch(),
      timeoutMs: options.timeoutMs, // core's default when undefined
    })
  )
}

/** What the state cookie's secret is derived from when none is given (core's `deriveSecret`). */
const STATE_SECRET_LABEL = 'lwa-kit/passport/state-cookie'

/**
 * Checks `options` and `verify` and resolves the settings (throws a `TypeError`, or core's
 * `InvalidArgumentError` for `state: false`, a bad scope, region or `pkce`).
 */
export function resolveStrategyOptions(
  options: AmazonStrategyOptions,
  verify: unknown,
): StrategySettings {
  assertStrategyArgs(options, verify)
  const lwa = clientFromOptions(options)
  const scope = options.scope ?? 'profile' // core's transaction refuses a malformed one
  const signIn = createSignInTransaction({
    client: lwa,
    secret: options.stateSecret ?? deriveSecret(options.clientSecret, STATE_SECRET_LABEL),
    scope,
    pkce: options.pkce, // core refuses anything but true, false or 'S256'
    cookieName: options.stateCookieName, // core's defaults when undefined
    usedNonces: options.usedNonces,
    crypto: nodeSealCrypto,
  })
  return {
    lwa,
    signIn,
    scope,
    scopeData: options.scopeData,
    callbackURL: options.callbackURL,
    proxy: Boolean(options.proxy),
    skip: options.skipUserProfile ?? 'auto',
    passReq: Boolean(options.passReqToCallback),
    stateStore: typeof options.state === 'object' ? options.state : options.store,
    sessionKey:
      options.sessionKey ?? `oauth2:${new URL(lwa.endpoints.authorizationEndpoint).hostname}`,
  }
}
