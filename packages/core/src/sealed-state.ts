/**
 * Sealed sign-in state for apps without server sessions: the state, the PKCE verifier and the
 * return path, sealed into one cookie value with {@link sealValue} (AES-256-GCM, Web Crypto).
 *
 * A sealed value is stateless: it stays valid until it expires. The adapter must clear the cookie
 * as soon as the callback has read it, and may pass a {@link UsedNonceStore} to refuse a value
 * that was opened before (a replay).
 *
 * @module
 */
import { InvalidArgumentError, SealedStateError } from './errors.js'
import { base64UrlEncode, randomBytes } from './lib/bytes.js'
import { isCodeVerifier } from './pkce.js'
import { isSafeReturnTo } from './return-to.js'
import { type SealCrypto, seal, secretsOf, unseal } from './sealed-value.js'

/**
 * What is sealed: the result of {@link LwaClient.authorizationUrl} fits as it is.
 *
 * @example
 * ```ts
 * const payload: SignInState = { state, codeVerifier, returnTo: '/library', redirectUri }
 * ```
 */
export interface SignInState {
  /** The state of the authorization request. */
  state: string
  /** The PKCE verifier. */
  codeVerifier: string
  /** A same-site path to return to after sign-in. */
  returnTo?: string
  /** The redirect URI of the authorization request. */
  redirectUri?: string
}

/**
 * An opened sign-in state.
 *
 * @example
 * ```ts
 * const opened: OpenedSignInState = await openState(cookie, { secret })
 * ```
 */
export interface OpenedSignInState extends SignInState {
  /** When the sealed value stops being accepted, in milliseconds since the epoch. */
  expiresAt: number
  /** A random id of this sealed value, for replay detection. */
  nonce: string
}

/**
 * Remembers which sealed values were already opened. Return `true` the first time a nonce is
 * marked, `false` after. A shared implementation (Redis `SET NX PX`) covers several instances.
 *
 * @example
 * ```ts
 * const used: UsedNonceStore = createUsedNonceCache()
 * ```
 */
export interface UsedNonceStore {
  markUsed(nonce: string, expiresAt: number): boolean | Promise<boolean>
}

/**
 * Options of {@link sealState}.
 *
 * @example
 * ```ts
 * const options: SealOptions = { secret: process.env.SESSION_SECRET!, maxAgeSeconds: 600 }
 * ```
 */
export interface SealOptions {
  /** At least 32 characters. An array rotates secrets: the first seals, all open. */
  secret: string | readonly string[]
  /** How long the value is accepted (default 600 s; LWA codes live 5 minutes). */
  maxAgeSeconds?: number
  /** The clock in ms (default `Date.now`). */
  now?: () => number
  /** The cryptography (default Web Crypto; on Node, `@lwa-kit/node`'s `nodeSealCrypto`). */
  crypto?: SealCrypto
}

/**
 * Options of {@link openState}.
 *
 * @example
 * ```ts
 * const options: OpenOptions = { secret, usedNonces: createUsedNonceCache() }
 * ```
 */
export interface OpenOptions {
  /** The secret(s) the value may have been sealed with. */
  secret: string | readonly string[]
  /** Refuses a value opened before (in-memory: {@link createUsedNonceCache}). */
  usedNonces?: UsedNonceStore
  /** The clock in ms (default `Date.now`). */
  now?: () => number
  /** The cryptography (default Web Crypto); either opens what the other sealed. */
  crypto?: SealCrypto
}

const PURPOSE = 'lwa-kit/sign-in-state'

/**
 * Seals a sign-in state into one opaque string for a cookie (HttpOnly, SameSite=Lax, Secure on
 * https). It holds the PKCE verifier encrypted, and expires after `maxAgeSeconds`.
 *
 * @throws {InvalidArgumentError} for a short secret or a malformed payload.
 * @example
 * ```ts
 * const request = await lwa.authorizationUrl({ scope, redirectUri, returnTo: '/library' })
 * const cookie = await sealState(request, { secret })
 * res.cookie('lwa_state', cookie, { httpOnly: true, sameSite: 'lax', secure: true, maxAge: 600_000 })
 * res.redirect(request.url)
 * ```
 */
export async function sealState(payload: SignInState, options: SealOptions): Promise<string> {
  const [secret] = secretsOf(options?.secret)
  if (typeof payload?.state !== 'string' || payload.state.length === 0)
    throw new InvalidArgumentError('sealState: state is required.')
  if (!isCodeVerifier(payload.codeVerifier))
    throw new InvalidArgumentError('sealState: codeVerifier is not a PKCE verifier.')
  if (payload.returnTo !== undefined && !isSafeReturnTo(payload.returnTo))
    throw new InvalidArgumentError('sealState: returnTo must be a same-site path (safeReturnTo).')
  const maxAge = options.maxAgeSeconds ?? 600
  if (!Number.isFinite(maxAge) || maxAge <= 0)
    throw new InvalidArgumentError('sealState: maxAgeSeconds must be a positive number.')
  const body = {
    s: payload.state,
    v: payload.codeVerifier,
    ...(payload.returnTo !== undefined ? { r: payload.returnTo } : {}),
    ...(payload.redirectUri !== undefined ? { u: payload.redirectUri } : {}),
    n: base64UrlEncode(randomBytes(16)),
  }
  return seal(
    JSON.stringify(body),
    secret as string,
    PURPOSE,
    (options.now ?? Date.now)() + maxAge * 1000,
    options.crypto,
  )
}

function readBody(body: unknown, expiresAt: number): OpenedSignInState | undefined {
  if (body === null || typeof body !== 'object') return undefined
  const b = body as Record<string, unknown>
  if (typeof b.s !== 'string' || typeof b.v !== 'string' || typeof b.n !== 'string')
    return undefined
  if (b.r !== undefined && typeof b.r !== 'string') return undefined
  if (b.u !== undefined && typeof b.u !== 'string') return undefined
  return {
    state: b.s,
    codeVerifier: b.v,
    ...(b.r !== undefined ? { returnTo: b.r as string } : {}),
    ...(b.u !== undefined ? { redirectUri: b.u as string } : {}),
    expiresAt,
    nonce: b.n,
  }
}

/**
 * Opens a value made by {@link sealState}. Clear the cookie right after.
 *
 * @throws {SealedStateError} when the value is missing, malformed, tampered with, sealed with
 * another secret, expired, or (with `usedNonces`) already opened.
 * @example
 * ```ts
 * const kept = await openState(req.cookies.lwa_state, { secret })
 * res.clearCookie('lwa_state')
 * const tokens = await lwa.handleCallback(req.url, { ...kept, redirectUri })
 * res.redirect(safeReturnTo(kept.returnTo))
 * ```
 */
export async function openState(
  sealed: string | undefined | null,
  options: OpenOptions,
): Promise<OpenedSignInState> {
  const secrets = secretsOf(options?.secret)
  if (typeof sealed !== 'string' || sealed.length === 0)
    throw new SealedStateError(
      'The sign-in cookie is missing (expired, blocked, or another browser); start the sign-in again.',
    )
  const unsealed = await unseal(
    sealed,
    secrets,
    PURPOSE,
    (options.now ?? Date.now)(),
    options.crypto,
  )
  if (unsealed === 'malformed')
    throw new SealedStateError('The sign-in cookie is malformed; start the sign-in again.')
  if (unsealed === 'expired')
    throw new SealedStateError('The sign-in cookie expired; start the sign-in again.')
  const opened = unsealed === 'tampered' ? undefined : readBody(unsealed.value, unsealed.expiresAt)
  if (!opened)
    throw new SealedStateError(
      'The sign-in cookie was tampered with or sealed with another secret; start the sign-in again.',
    )
  if (options.usedNonces && !(await options.usedNonces.markUsed(opened.nonce, opened.expiresAt)))
    throw new SealedStateError('The sign-in cookie was already used; start the sign-in again.')
  return opened
}

/**
 * An in-memory {@link UsedNonceStore}: remembers opened nonces until they expire, at most
 * `maxEntries` (when full, the oldest tenth is forgotten at once). It covers one process; use a
 * shared store for several instances.
 *
 * @example
 * ```ts
 * const usedNonces = createUsedNonceCache({ maxEntries: 10_000 })
 * const kept = await openState(cookie, { secret, usedNonces })
 * ```
 */
export function createUsedNonceCache(
  options: { maxEntries?: number; now?: () => number } = {},
): UsedNonceStore {
  const maxEntries = Math.max(1, options.maxEntries ?? 10_000)
  const now = options.now ?? Date.now
  const used = new Map<string, number>()
  let sweptAt = -Infinity
  return {
    markUsed(nonce, expiresAt) {
      const time = now()
      // Expired nonces go at most once a second, and a full cache drops its oldest tenth at
      // once: a Map walked from its start skips every entry deleted there before, so sweeping
      // or evicting on every call would cost more the busier the cache.
      if (time - sweptAt >= 1000) {
        sweptAt = time
        for (const [key, until] of used) {
          if (until > time) break
          used.delete(key)
        }
      }
      const until = used.get(nonce)
      if (until !== undefined && until > time) return false
      if (used.size >= maxEntries) {
        let drop = Math.ceil(maxEntries / 10)
        for (const key of used.keys()) if (used.delete(key) && --drop === 0) break
      }
      used.set(nonce, expiresAt)
      return true
    },
  }
}
