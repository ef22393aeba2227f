/**
 * The second leg of the sign-in: Amazon's redirect back with `code` (or `error`). State is checked
 * first, then the code is exchanged, the profile read (unless skipped), and the app's verify
 * callback called in whichever of passport-amazon's forms it has.
 *
 * @module
 */
import {
  failureOf,
  isLwaError,
  type LwaClient,
  LwaErrorCode,
  normalizeScopes,
  parseCallback,
  type ScopeInput,
  type TokenSet,
  WebErrorCode,
} from '@lwa-kit/core'
import type { AmazonTokenParams } from '../amazon-strategy-options.js'
import type { AmazonVerifyCallback } from '../amazon-strategy-verify.js'
import type { AmazonPassportProfile } from '../profile.js'
import type { AmazonStateMeta } from '../state-store.js'
import type { StrategyRequest } from './http.js'
import type { StateCheck } from './state-store-calls.js'

/** The strategy's steps and Passport's outcomes, as the callback calls them. */
export interface CallbackHost {
  readonly lwa: LwaClient
  verifyState(providedState: string | undefined, meta: AmazonStateMeta): Promise<StateCheck>
  shouldSkip(tokens: TokenSet): Promise<boolean>
  loadProfile(accessToken: string): Promise<AmazonPassportProfile>
  failOrError(err: unknown): void
  fail(info: unknown, status?: number): void
  error(err: Error): void
  success(user: unknown, info: Record<string, unknown>): void
}

/** The strategy's settings the callback reads. */
export interface CallbackSettings {
  /** The scopes asked (this call's, else the strategy's). */
  scope: ScopeInput
  pkce: boolean
  passReq: boolean
  verify: (...args: unknown[]) => void
}

/** The token details of a 5- or 6-argument verify callback. */
export function tokenParamsOf(tokens: TokenSet, now = Date.now()): AmazonTokenParams {
  return {
    token_type: 'bearer',
    expires_in: Math.max(0, Math.round((tokens.expiresAt - now) / 1000)),
    scope: tokens.scope.join(' '),
    expires_at: tokens.expiresAt,
    tokenSet: tokens,
  }
}

/** Calls `verify` by its arity: with or without `req` (`passReq`), with or without the params. */
export function callVerify(
  verify: (...args: unknown[]) => void,
  passReq: boolean,
  req: StrategyRequest,
  tokens: TokenSet,
  profile: AmazonPassportProfile | undefined,
  done: AmazonVerifyCallback,
): void {
  const arity = verify.length
  if (passReq) {
    if (arity === 6)
      verify(req, tokens.accessToken, tokens.refreshToken, tokenParamsOf(tokens), profile, done)
    else verify(req, tokens.accessToken, tokens.refreshToken, profile, done)
  } else if (arity === 5) {
    verify(tokens.accessToken, tokens.refreshToken, tokenParamsOf(tokens), profile, done)
  } else {
    verify(tokens.accessToken, tokens.refreshToken, profile, done)
  }
}

/** Completes the sign-in from the callback's `query`; every outcome goes to a `host` method. */
export async function completeSignIn(
  host: CallbackHost,
  settings: CallbackSettings,
  req: StrategyRequest,
  query: URLSearchParams,
  meta: AmazonStateMeta,
): Promise<void> {
  // State first, from the raw query (a repeated `state` is refused, not read first-wins): a
  // forged `?error=access_denied` or a callback with no parameters is a state failure (400), not
  // a denied consent or LWA's fault.
  const states = query.getAll('state')
  const stateFailure = failureOf(WebErrorCode.StateMismatch)
  if (states.length !== 1)
    return host.fail(
      {
        message: 'The callback has no single state; start the sign-in again.',
        code: stateFailure.code,
      },
      stateFailure.status,
    )
  const checked = await host.verifyState(states[0], meta)
  if (checked.error) return host.error(checked.error)
  if (!checked.ok) return host.fail(checked.info, stateFailure.status)
  let params: ReturnType<typeof parseCallback>
  try {
    params = parseCallback(query)
  } catch (err) {
    // The browser's request is malformed (no code, a repeated one): a 400, not a 502.
    if (isLwaError(err) && err.code === LwaErrorCode.MalformedResponse)
      return host.fail({ message: err.message, code: WebErrorCode.InvalidRequest }, 400)
    return host.failOrError(err)
  }
  const codeVerifier = settings.pkce && typeof checked.ok === 'string' ? checked.ok : undefined
  const requested = normalizeScopes(settings.scope)
  let tokens: TokenSet
  try {
    tokens = await host.lwa.exchangeCode({
      code: params.code,
      redirectUri: meta.callbackURL,
      ...(codeVerifier ? { codeVerifier } : {}),
      scope: params.scope && params.scope.length > 0 ? params.scope : requested,
    })
  } catch (err) {
    return host.failOrError(err)
  }
  let profile: AmazonPassportProfile | undefined
  try {
    if (!(await host.shouldSkip(tokens))) profile = await host.loadProfile(tokens.accessToken)
  } catch (err) {
    return host.failOrError(err)
  }
  const verified: AmazonVerifyCallback = (err, user, info) => {
    if (err) return host.error(err as Error)
    if (!user) return host.fail(info)
    const out: Record<string, unknown> = { ...(info ?? {}) }
    if (checked.state !== undefined) out.state = checked.state
    host.success(user, out)
  }
  try {
    callVerify(settings.verify, settings.passReq, req, tokens, profile, verified)
  } catch (err) {
    host.error(err as Error)
  }
}
