/**
 * LWA's device flow ("code pair", code-based linking). It is not RFC 8628 on the wire: the pair
 * comes from `create/codepair` with `response_type=device_code`, and the token request is
 * `grant_type=device_code` carrying both `device_code` and `user_code`.
 *
 * @module
 */
import type { ClientContext } from './client-context.js'
import { contextOf, type LwaConfig } from './config.js'
import {
  CodePairExpiredError,
  DeviceAuthorizationDeniedError,
  InvalidArgumentError,
  InvalidGrantError,
  type LwaError,
  LwaErrorCode,
  MalformedResponseError,
} from './errors.js'
import { type CallOptions, requestJson, sleep } from './lib/http.js'
import { buildScope, type ScopeData, type ScopeInput } from './scopes.js'
import { tokenRequest } from './token-request.js'
import type { TokenSet } from './token-set.js'

/**
 * A code pair: what the user types (`userCode`, at `verificationUri`) and what the device polls
 * with (`deviceCode`, a secret: never show or log it).
 *
 * @example
 * ```ts
 * const pair: CodePair = await lwa.requestCodePair({ scope: 'amazon_music:access' })
 * console.log(`Go to ${pair.verificationUri} and enter ${pair.userCode}`)
 * ```
 */
export interface CodePair {
  /** The code the user enters (6 uppercase letters and digits on Amazon). */
  userCode: string
  /** The device's secret for polling. */
  deviceCode: string
  /** Where the user enters the code (`https://amazon.com/us/code` on Amazon). */
  verificationUri: string
  /** When the pair expires, in milliseconds since the epoch. */
  expiresAt: number
  /** The poll interval LWA advertises, in seconds (Amazon's own SDK ignores it and polls every 5 s). */
  interval: number
  /** The scopes asked, kept on the token set the pair turns into. */
  scope?: string[]
}

/**
 * Arguments of {@link LwaClient.requestCodePair}.
 *
 * @example
 * ```ts
 * const params: RequestCodePairParams = { scope: 'amazon_music:access', locale: 'en-US' }
 * ```
 */
export interface RequestCodePairParams {
  /** One or more scopes (space-separated string or array). Required. */
  scope: ScopeInput
  /** Per-scope data, sent as compact JSON in `scope_data` (e.g. `alexa:all` device data). */
  scopeData?: ScopeData
  /** The device locale, sent as `Accept-Language` (e.g. `en-US`). */
  locale?: string
}

/**
 * What {@link PollCodePairOptions.onPending} is told after each poll that did not finish.
 *
 * @example
 * ```ts
 * const onPending = (p: PollProgress) => console.log(`poll ${p.attempt}, next in ${p.nextPollMs} ms`)
 * ```
 */
export interface PollProgress {
  /** How many polls were sent so far. */
  attempt: number
  /** Why the poll did not finish: `authorization_pending`, `slow_down`, or `retry` (network error or 5xx). */
  reason: 'authorization_pending' | 'slow_down' | 'retry'
  /** How long until the next poll, in milliseconds. */
  nextPollMs: number
  /** When the pair expires, in milliseconds since the epoch. */
  expiresAt: number
}

/**
 * Options of {@link LwaClient.pollCodePair}.
 *
 * @example
 * ```ts
 * const tokens = await lwa.pollCodePair(pair, { signal: AbortSignal.timeout(600_000), intervalMs: 5000 })
 * ```
 */
export interface PollCodePairOptions extends CallOptions {
  /** Called after every poll that did not finish yet. */
  onPending?: (progress: PollProgress) => void
  /** The wait between polls in milliseconds (default 5000, like Amazon's AVS SDK; at least 1000). */
  intervalMs?: number
}

/** How polling waits and reads the time; tests drive it with a virtual clock. @internal */
export interface DeviceTiming {
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  now(): number
}

/**
 * The default wait between polls, 5 s, like Amazon's AVS device SDK (LWA advertises 30 s, but its
 * own reference client polls every 5 s).
 *
 * @example
 * ```ts
 * await lwa.pollCodePair(pair, { intervalMs: DEFAULT_POLL_INTERVAL_MS * 2 })
 * ```
 */
export const DEFAULT_POLL_INTERVAL_MS = 5000
/**
 * The shortest wait between polls; a smaller `intervalMs` is raised to it.
 *
 * @example
 * ```ts
 * await lwa.pollCodePair(pair, { intervalMs: MIN_POLL_INTERVAL_MS })
 * ```
 */
export const MIN_POLL_INTERVAL_MS = 1000
/**
 * The longest wait `slow_down` can double to, 60 s (the AVS SDK's cap).
 *
 * @example
 * ```ts
 * const worstCase = MAX_POLL_INTERVAL_MS // between two polls after repeated slow_down
 * ```
 */
export const MAX_POLL_INTERVAL_MS = 60_000

function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

/**
 * Device flow, step 1: asks LWA for a code pair (`create/codepair`, `response_type=device_code`).
 * A request without a scope is refused before it is sent.
 *
 * @example
 * ```ts
 * const pair = await requestCodePair(lwa, { scope: 'amazon_music:access', locale: 'en-US' })
 * console.log(`Go to ${pair.verificationUri} and enter ${pair.userCode}`)
 * ```
 */
export async function requestCodePair(
  config: LwaConfig,
  params: RequestCodePairParams,
  options: CallOptions = {},
): Promise<CodePair> {
  const ctx = contextOf(config)
  const rawScope = params?.scope
  if (rawScope === undefined || rawScope === null || String(rawScope).trim() === '')
    throw new InvalidArgumentError(
      'requestCodePair needs a scope: a device authorization request must name one (amazon_music:access for the Amazon Music Device API).',
    )
  // Checks every scope and the scope_data (alexa:all needs its device data) before sending.
  const built = buildScope(rawScope, params.scopeData)
  const scope = built.scope.split(' ')
  const headers: Record<string, string> = {}
  if (params.locale) headers['accept-language'] = params.locale
  const response = await requestJson(ctx.http, {
    endpoint: 'codepair',
    url: ctx.endpoints.codePairEndpoint,
    method: 'POST',
    form: {
      response_type: 'device_code',
      client_id: ctx.clientId,
      scope: built.scope,
      scope_data: built.scopeData,
    },
    headers,
    // A duplicate pair is harmless (nothing is granted), and Amazon's SDK retries this call too.
    retry: true,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  })
  return parseCodePair(response.body, ctx.http.now(), scope)
}

/** Checks a `create/codepair` answer like Amazon's SDK does. @internal */
export function parseCodePair(
  body: Record<string, unknown>,
  now: number,
  scope: string[],
): CodePair {
  const userCode = nonEmpty(body.user_code)
  const deviceCode = nonEmpty(body.device_code)
  const verificationUri = nonEmpty(body.verification_uri)
  const expiresIn = positiveInt(body.expires_in)
  if (!userCode) throw new MalformedResponseError('codepair', 'user_code is missing')
  if (!deviceCode) throw new MalformedResponseError('codepair', 'device_code is missing')
  if (!verificationUri) throw new MalformedResponseError('codepair', 'verification_uri is missing')
  if (!expiresIn)
    throw new MalformedResponseError('codepair', 'expires_in is not a positive whole number')
  return {
    userCode,
    deviceCode,
    verificationUri,
    expiresAt: now + expiresIn * 1000,
    interval: positiveInt(body.interval) ?? 30,
    scope,
  }
}

const defaultTiming = (ctx: ClientContext): DeviceTiming => ({ sleep, now: ctx.http.now })

function expired(cause?: LwaError): CodePairExpiredError {
  if (!cause) return new CodePairExpiredError()
  return new CodePairExpiredError({
    cause,
    ...(cause.error ? { error: cause.error } : {}),
    ...(cause.errorDescription ? { errorDescription: cause.errorDescription } : {}),
    ...(cause.status !== undefined ? { status: cause.status } : {}),
    ...(cause.requestId ? { requestId: cause.requestId } : {}),
  })
}

/**
 * The answer of one poll: the tokens, or why the pair is not linked yet.
 *
 * @example
 * ```ts
 * const check: CodePairCheck = await checkCodePair(lwa, pair)
 * if (check.status === 'linked') save(check.tokens)
 * ```
 */
export type CodePairCheck =
  | { status: 'linked'; tokens: TokenSet }
  | { status: 'pending'; reason: PollProgress['reason'] }

function checkPair(pair: CodePair, who: string): void {
  if (!pair || !nonEmpty(pair.deviceCode) || !nonEmpty(pair.userCode))
    throw new InvalidArgumentError(`${who} needs the code pair from requestCodePair.`)
  if (typeof pair.expiresAt !== 'number')
    throw new InvalidArgumentError(`${who}: the code pair has no expiresAt.`)
}

/**
 * Sends one device-code token request and reads LWA's answer the way Amazon's AVS SDK does:
 * tokens → linked; `authorization_pending`, `slow_down`, network errors and 5xx → pending with the
 * reason; `invalid_code_pair` / `expired_token` / `invalid_grant` or local expiry →
 * CodePairExpiredError; `access_denied` → DeviceAuthorizationDeniedError.
 * @internal
 */
export async function checkCodePairOnce(
  ctx: ClientContext,
  pair: CodePair,
  options: CallOptions = {},
  now: () => number = ctx.http.now,
): Promise<CodePairCheck> {
  checkPair(pair, 'checkCodePair')
  if (pair.expiresAt - now() <= 0) throw expired()
  try {
    const tokens = await tokenRequest(
      ctx,
      { grant_type: 'device_code', device_code: pair.deviceCode, user_code: pair.userCode },
      {
        retry: false,
        scope: pair.scope ?? [],
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      },
    )
    return { status: 'linked', tokens }
  } catch (err) {
    const error = err as LwaError
    if (error.code === LwaErrorCode.Aborted) throw error
    switch (error.error) {
      case 'authorization_pending':
      case 'slow_down':
        return { status: 'pending', reason: error.error }
      case 'invalid_code_pair':
      case 'expired_token':
        throw expired(error)
      case 'invalid_grant':
        // Amazon's SDK reads invalid_grant on a device poll as "request a new code pair".
        if (error instanceof InvalidGrantError) throw expired(error)
        throw error
      case 'access_denied':
        throw new DeviceAuthorizationDeniedError({
          cause: error,
          error: 'access_denied',
          ...(error.status !== undefined ? { status: error.status } : {}),
          ...(error.requestId ? { requestId: error.requestId } : {}),
        })
      default:
        if (!error.retryable) throw error
        // Network errors, timeouts and 5xx: the pair still lives, so it is still pending.
        return { status: 'pending', reason: 'retry' }
    }
  }
}

/**
 * Polls the token endpoint until the user approves the pair, following Amazon's AVS SDK.
 * @internal
 */
export async function pollCodePair(
  ctx: ClientContext,
  pair: CodePair,
  options: PollCodePairOptions = {},
  timing: DeviceTiming = defaultTiming(ctx),
): Promise<TokenSet> {
  checkPair(pair, 'pollCodePair')
  const { signal, onPending } = options
  let wait = Math.max(MIN_POLL_INTERVAL_MS, options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS)
  if (!Number.isFinite(wait))
    throw new InvalidArgumentError('pollCodePair: intervalMs must be a finite number.')
  let attempt = 0
  for (;;) {
    const remaining = pair.expiresAt - timing.now()
    if (remaining <= 0) throw expired()
    // Never poll sooner than the current wait; when the pair expires first, stop at its expiry.
    await timing.sleep(Math.min(wait, remaining), signal)
    attempt++
    const check = await checkCodePairOnce(ctx, pair, options, timing.now)
    if (check.status === 'linked') return check.tokens
    if (check.reason === 'slow_down') wait = Math.min(MAX_POLL_INTERVAL_MS, wait * 2)
    onPending?.({ attempt, reason: check.reason, nextPollMs: wait, expiresAt: pair.expiresAt })
  }
}
