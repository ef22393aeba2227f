/**
 * Device linking in the browser, once for every adapter: `start` asks LWA for a code pair and
 * seals the pending pair (with the time of the next allowed poll) into a cookie; `status` opens it
 * and asks LWA at most once, never sooner than the pair's interval. No server state per attempt,
 * no background poller: nothing happens at LWA unless a status request comes in.
 *
 * Off unless the app turns it on: a linked device signs in the browser that polls, so with
 * device-code phishing (an attacker starts a pair and gets the victim to enter its code on
 * Amazon's page) the attacker's browser would be signed in as the victim.
 *
 * @module
 */
import type { LwaClient } from '../client.js'
import type { CodePair } from '../code-pair.js'
import { checkCodePair } from '../device-flow.js'
import { isLwaError, LwaErrorCode } from '../errors.js'
import { normalizeScopes, type ScopeData, type ScopeInput } from '../scopes.js'
import { openValue, sealValue, secretsOf } from '../sealed-value.js'
import type { TokenSet } from '../token-set.js'
import { clearCookie, readCookie, serializeCookie } from './cookies.js'
import { checkStateChanging, isCrossSite } from './csrf.js'
import { describeError, failureOf, WebErrorCode, type WebFailure } from './error-answers.js'
import { type SignedInUser, signedInUser } from './signed-in-user.js'
import { checkVerificationUri } from './verification-uri.js'
import { jsonAnswer, type WebAnswer } from './web-answer.js'
import type { WebRequest } from './web-request.js'

/**
 * Options of {@link createDeviceLinking}.
 *
 * @example
 * ```ts
 * const options: DeviceLinkingOptions = { client: lwa, secret, scope: ['profile', 'amazon_music:access'] }
 * ```
 */
export interface DeviceLinkingOptions {
  /** The client the code pairs belong to (a device client of the Security Profile, or the web one). */
  client: LwaClient
  /** Seals the pending-pair cookie: at least 32 characters (an array rotates: the first seals). */
  secret: string | readonly string[]
  /** The scopes a code pair asks. */
  scope: ScopeInput
  /** `scope_data` of the code pair (e.g. `amazon_music:access` device data). */
  scopeData?: ScopeData
  /** The device locale for Amazon's code page (`Accept-Language`). */
  locale?: string
  /** The pending-pair cookie's name (default `lwa_device`; `__Host-` is added behind https). */
  cookieName?: string
  /** Origins besides the request's own that may start linking (see `checkStateChanging`). */
  allowedOrigins?: readonly string[]
  /** The clock in ms (default `Date.now`). */
  now?: () => number
}

/**
 * Per-call settings of {@link DeviceLinking.start}, over the options' defaults.
 *
 * @example
 * ```ts
 * await linking.start(request, { scope: 'amazon_music:access', locale: 'de-DE' })
 * ```
 */
export interface DeviceLinkingStartParams {
  /** The scopes of this pair. */
  scope?: ScopeInput
  /** `scope_data` of this pair. */
  scopeData?: ScopeData
  /** The device locale of this pair. */
  locale?: string
}

/**
 * The words of a device-linking answer's `status` field: `pending` (enter the code and ask
 * again), `linked` (the browser is signed in), `denied`, `expired` (start again), `none` (no
 * pending pair in this browser, or its cookie is tampered, foreign or expired), `failed`.
 *
 * @example
 * ```ts
 * const word: DeviceLinkingStatus = body.status
 * ```
 */
export type DeviceLinkingStatus = 'pending' | 'linked' | 'denied' | 'expired' | 'none' | 'failed'

/**
 * The JSON body of a pending answer (start: 201; status: 200). Times are ISO 8601.
 *
 * @example
 * ```ts
 * const body: DeviceLinkingPending = await (await fetch('/auth/amazon/device/status')).json()
 * if (body.status === 'pending') setTimeout(poll, Date.parse(body.retryAt) - Date.now())
 * ```
 */
export interface DeviceLinkingPending {
  status: 'pending'
  /**
   * Why it is not linked yet: `started` (a new pair), `too_soon` (asked before the interval
   * passed: LWA was not asked), `authorization_pending`, `slow_down` (the interval doubled) or
   * `retry` (LWA could not answer).
   */
  reason: 'started' | 'too_soon' | 'authorization_pending' | 'slow_down' | 'retry'
  /** The code the user enters. */
  userCode: string
  /** Where the user enters it: always https (http only on loopback, for the emulator). */
  verificationUri: string
  /** When the code expires (ISO 8601). */
  expiresAt: string
  /** The current wait between two polls, in seconds. */
  interval: number
  /** The earliest time a status request asks LWA again (ISO 8601). */
  retryAt: string
}

/**
 * The JSON body of the linked answer (200).
 *
 * @example
 * ```ts
 * if (body.status === 'linked') location.assign('/profile')
 * ```
 */
export interface DeviceLinkingLinked {
  status: 'linked'
  /** Who signed in. */
  user: SignedInUser
}

/**
 * The JSON body of a refusal: core's error table's `error` code and `message`, and a status word.
 *
 * @example
 * ```ts
 * const body: DeviceLinkingRefused = { status: 'expired', error: 'LWA_CODE_PAIR_EXPIRED', message: '…' }
 * ```
 */
export interface DeviceLinkingRefused {
  status: 'denied' | 'expired' | 'none' | 'failed'
  /** Core's code ({@link WebErrorCode}). */
  error: string
  /** A message for people, from core's table. */
  message: string
}

/**
 * What a status request came to. Every outcome carries the `answer` to write; on `linked` the
 * adapter signs the browser in with `tokens` and `user` first (core's web session), adding its
 * session cookie to `answer.headers`.
 *
 * @example
 * ```ts
 * const outcome = await linking.status(request)
 * if (outcome.status === 'linked') {
 *   const { cookie, key } = await session.issue(request, 'device', outcome.user)
 *   await tokens.setTokens(key, outcome.tokens)
 *   outcome.answer.headers.push(['set-cookie', cookie])
 * }
 * send(outcome.answer)
 * ```
 */
export type DeviceLinkingOutcome =
  | { status: 'linked'; tokens: TokenSet; user: SignedInUser; answer: WebAnswer }
  | { status: Exclude<DeviceLinkingStatus, 'linked'>; answer: WebAnswer; failure?: WebFailure }

/**
 * Device linking bound to one client and secret.
 *
 * @example
 * ```ts
 * send(await linking.start(request))          // POST /device/start
 * send((await linking.status(request)).answer) // GET /device/status (sign in on linked first)
 * ```
 */
export interface DeviceLinking {
  /**
   * POST only and same-site only (405, 403): asks LWA for a code pair, checks its
   * `verification_uri` (https only, else 502 `LWA_MALFORMED_RESPONSE`), and answers 201
   * {@link DeviceLinkingPending} with the sealed pending-pair cookie. Never rejects.
   */
  start(request: WebRequest, params?: DeviceLinkingStartParams): Promise<WebAnswer>
  /** Asks LWA at most once, never sooner than the pair's interval. Never rejects. */
  status(request: WebRequest): Promise<DeviceLinkingOutcome>
}

interface PendingPair {
  d: string // device code
  u: string // user code
  v: string // verification URI
  e: number // pair expiry, ms
  i: number // current interval, s
  n: number // next allowed poll, ms
  s: string[] // scope
}

const PURPOSE = 'lwa-kit/web/device-linking'
/** The pending cookie outlives its pair a little, so a late status says `expired`, not `none`. */
const GRACE_SECONDS = 60
const MAX_INTERVAL_SECONDS = 60

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

function refusal(
  status: DeviceLinkingRefused['status'],
  failure: WebFailure,
  cookies: readonly string[] = [],
  headers: readonly (readonly [string, string])[] = [],
): WebAnswer {
  const body: DeviceLinkingRefused = { status, error: failure.code, message: failure.message }
  return jsonAnswer(failure.status, body, [
    ...headers,
    ...cookies.map((line) => ['set-cookie', line] as const),
  ])
}

/**
 * Makes the device linking every adapter mounts (only when the app turns it on). The answers:
 *
 * | request | status | body |
 * |---|---|---|
 * | start, not POST / cross-site | 405 / 403 | `LWA_METHOD_NOT_ALLOWED` / `LWA_CROSS_SITE_REQUEST` |
 * | start, a `verification_uri` that is not https | 502 | `LWA_MALFORMED_RESPONSE` |
 * | start | 201 | {@link DeviceLinkingPending}, reason `started`; the pending cookie set |
 * | status, cross-site | 403 | `LWA_CROSS_SITE_REQUEST` |
 * | status, no pending cookie, or tampered, foreign, expired | 400 | `none`, `LWA_SEALED_STATE_INVALID` |
 * | status before the interval passed (no LWA call) | 200 | pending, reason `too_soon` |
 * | status, one LWA call: not entered yet | 200 | pending (`slow_down` doubles the interval, up to 60 s) |
 * | status, one LWA call: the code was entered | 200 | {@link DeviceLinkingLinked}; the pending cookie cleared |
 * | status, declined / expired | 403 / 410 | `denied` / `expired`, `LWA_DEVICE_AUTHORIZATION_DENIED` / `LWA_CODE_PAIR_EXPIRED`; cleared |
 *
 * The pace is kept by the sealed cookie: an honest browser cannot make LWA be asked sooner than
 * the interval. (A client replaying an older cookie of its own pair only gets `slow_down` from
 * LWA for its own pair.) Every answer carries `Cache-Control: no-store` and
 * `Referrer-Policy: no-referrer`.
 *
 * @example
 * ```ts
 * const linking = createDeviceLinking({ client: lwa, secret, scope: ['profile', 'amazon_music:access'] })
 * // POST /auth/amazon/device/start: send(await linking.start(request))
 * // GET  /auth/amazon/device/status:
 * const outcome = await linking.status(request)
 * if (outcome.status === 'linked') outcome.answer.headers.push(['set-cookie', await signIn(outcome)])
 * send(outcome.answer)
 * ```
 */
export function createDeviceLinking(options: DeviceLinkingOptions): DeviceLinking {
  const { client } = options
  const name = options.cookieName ?? 'lwa_device'
  const now = options.now ?? Date.now
  const scope = normalizeScopes(options.scope)
  const csrf = options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}
  secretsOf(options.secret) // a short secret fails at start-up, not at the first linking
  clearCookie(name, false) // a bad cookie name too

  const seal = async (request: WebRequest, pending: PendingPair): Promise<string> => {
    const seconds = Math.max(1, Math.ceil((pending.e - now()) / 1000) + GRACE_SECONDS)
    const sealed = await sealValue(pending, {
      secret: options.secret,
      maxAgeSeconds: seconds,
      purpose: PURPOSE,
      now,
    })
    return serializeCookie(name, sealed, { maxAgeSeconds: seconds, secure: request.secure })
  }
  const pendingAnswer = (
    status: 201 | 200,
    reason: DeviceLinkingPending['reason'],
    pending: PendingPair,
    cookies: string[] = [],
  ): WebAnswer => {
    const body: DeviceLinkingPending = {
      status: 'pending',
      reason,
      userCode: pending.u,
      verificationUri: pending.v,
      expiresAt: iso(pending.e),
      interval: pending.i,
      retryAt: iso(pending.n),
    }
    const wait = Math.max(0, Math.ceil((pending.n - now()) / 1000))
    return jsonAnswer(status, body, [
      ['retry-after', String(wait)],
      ...cookies.map((line) => ['set-cookie', line] as [string, string]),
    ])
  }

  return {
    async start(request, params = {}) {
      const refused = checkStateChanging(request, csrf)
      if (refused) return refused
      try {
        const pairScope = params.scope !== undefined ? normalizeScopes(params.scope) : scope
        const scopeData = params.scopeData ?? (params.scope ? undefined : options.scopeData)
        const locale = params.locale ?? options.locale
        const pair = await client.requestCodePair({
          scope: pairScope,
          ...(scopeData ? { scopeData } : {}),
          ...(locale ? { locale } : {}),
        })
        // https only: it becomes a link on the page.
        const interval = Math.max(1, Math.ceil(pair.interval))
        const pending: PendingPair = {
          d: pair.deviceCode,
          u: pair.userCode,
          v: checkVerificationUri(pair.verificationUri),
          e: pair.expiresAt,
          i: interval,
          n: now() + interval * 1000,
          s: pair.scope ?? pairScope,
        }
        return pendingAnswer(201, 'started', pending, [await seal(request, pending)])
      } catch (err) {
        return refusal('failed', describeError(err))
      }
    },

    async status(request) {
      if (isCrossSite(request, csrf)) {
        const failure = failureOf(WebErrorCode.CrossSiteRequest)
        return { status: 'failed', failure, answer: refusal('failed', failure) }
      }
      const raw = readCookie(request, name)
      const clear = [clearCookie(name, request.secure)]
      const opened = raw
        ? await openValue<PendingPair>(raw, { secret: options.secret, purpose: PURPOSE, now })
        : undefined
      const pending = opened?.value
      if (!pending || typeof pending.d !== 'string' || typeof pending.n !== 'number') {
        const failure = failureOf(WebErrorCode.SealedState)
        return {
          status: 'none',
          failure,
          answer: refusal('none', failure, raw === undefined ? [] : clear),
        }
      }
      const time = now()
      if (time >= pending.e) {
        const failure = failureOf(WebErrorCode.CodePairExpired)
        return { status: 'expired', failure, answer: refusal('expired', failure, clear) }
      }
      if (time < pending.n)
        return { status: 'pending', answer: pendingAnswer(200, 'too_soon', pending) }
      const pair: CodePair = {
        deviceCode: pending.d,
        userCode: pending.u,
        verificationUri: pending.v,
        expiresAt: pending.e,
        interval: pending.i,
        scope: pending.s,
      }
      try {
        // The one LWA call of this request.
        const check = await checkCodePair(client, pair)
        if (check.status === 'pending') {
          const interval =
            check.reason === 'slow_down'
              ? Math.min(Math.max(MAX_INTERVAL_SECONDS, pending.i), pending.i * 2)
              : pending.i
          const next: PendingPair = { ...pending, i: interval, n: now() + interval * 1000 }
          return {
            status: 'pending',
            answer: pendingAnswer(200, check.reason, next, [await seal(request, next)]),
          }
        }
        const user = await signedInUser(client, check.tokens)
        const body: DeviceLinkingLinked = { status: 'linked', user }
        return {
          status: 'linked',
          tokens: check.tokens,
          user,
          answer: jsonAnswer(200, body, [['set-cookie', clear[0] as string]]),
        }
      } catch (err) {
        const failure = describeError(err)
        const code = isLwaError(err) ? err.code : undefined
        if (code === LwaErrorCode.CodePairExpired)
          return { status: 'expired', failure, answer: refusal('expired', failure, clear) }
        if (code === LwaErrorCode.DeviceAuthorizationDenied)
          return { status: 'denied', failure, answer: refusal('denied', failure, clear) }
        return { status: 'failed', failure, answer: refusal('failed', failure) }
      }
    },
  }
}
