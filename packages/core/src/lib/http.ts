/**
 * The one place core talks HTTP: timeouts, abort, retries with jittered backoff, and the mapping
 * of LWA's error bodies to typed errors.
 *
 * @internal
 */
import {
  AccessDeniedError,
  type GrantKind,
  InvalidClientError,
  InvalidGrantError,
  InvalidTokenError,
  LwaAbortError,
  type LwaError,
  type LwaErrorDetails,
  LwaNetworkError,
  LwaProtocolError,
  LwaServerError,
  LwaTimeoutError,
  MalformedResponseError,
  UnknownScopeError,
} from '../errors.js'
import { type TimedFetch, timedFetchKey } from '../timed-fetch.js'

/** Shared settings every request of one client uses. */
export interface HttpContext {
  fetch: typeof fetch
  timeoutMs: number
  retries: number
  now: () => number
  random: () => number
  userAgent?: string
}

/** Options every I/O call of lwa-kit accepts. */
export interface CallOptions {
  /** Stops the call at once; the promise rejects with `LwaAbortError`. */
  signal?: AbortSignal
  /** The time budget of this call, retries included (default: the client's `timeoutMs`). */
  timeoutMs?: number
}

/** What the request is, for errors and retries. */
export interface HttpRequest extends CallOptions {
  /** A short name for messages: `token`, `codepair`, `tokeninfo`, `profile`, `music`. */
  endpoint: string
  url: string
  method: 'GET' | 'POST'
  /** Sent as `application/x-www-form-urlencoded;charset=UTF-8`; undefined values are left out. */
  form?: Record<string, string | undefined>
  headers?: Record<string, string>
  /** Retry on network errors, timeouts of an attempt, 5xx and 429. Only for idempotent calls. */
  retry: boolean
  /** Which grant a token request carries, so `invalid_grant` can say what it means. */
  grant?: GrantKind
}

/** A successful JSON answer. */
export interface HttpResponse {
  body: Record<string, unknown>
  /** The body exactly as received. */
  text: string
}

const BACKOFF_BASE_MS = 250
const BACKOFF_MAX_MS = 4000

/** Full-jitter exponential backoff: a random wait in [0, min(max, base * 2^attempt)). */
export function backoffDelay(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt)
  return Math.floor(random() * ceiling)
}

/** Waits `ms`, or rejects with `LwaAbortError` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LwaAbortError(signal.reason))
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(new LwaAbortError(signal?.reason))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

function encodeForm(form: Record<string, string | undefined>): string {
  // Own fields only (Object.entries): a `for…in` would also send what a polluted Object.prototype
  // carries.
  return new URLSearchParams(
    Object.entries(form).filter((field): field is [string, string] => field[1] !== undefined),
  ).toString()
}

/**
 * Sends one request with the call's time budget, retrying where allowed, and returns the JSON
 * body of a 2xx answer. Every failure is a typed `LwaError`.
 */
export async function requestJson(ctx: HttpContext, req: HttpRequest): Promise<HttpResponse> {
  const budget = req.timeoutMs ?? ctx.timeoutMs
  const deadline = ctx.now() + budget
  const maxAttempts = req.retry ? ctx.retries + 1 : 1
  let lastError: LwaError | undefined
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (attempt > 0) {
      const wait = backoffDelay(attempt - 1, ctx.random)
      if (ctx.now() + wait >= deadline) break
      await sleep(wait, req.signal)
    }
    const remaining = deadline - ctx.now()
    if (remaining <= 0) break
    try {
      return await attemptOnce(ctx, req, remaining, budget)
    } catch (err) {
      const error = err as LwaError
      if (!error.retryable || !req.retry) throw error
      lastError = error
    }
  }
  throw lastError ?? new LwaTimeoutError(req.endpoint, budget)
}

async function attemptOnce(
  ctx: HttpContext,
  req: HttpRequest,
  remainingMs: number,
  budgetMs: number,
): Promise<HttpResponse> {
  if (req.signal?.aborted) throw new LwaAbortError(req.signal.reason)
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers }
  let body: string | undefined
  if (req.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8'
    body = encodeForm(req.form)
  }
  const init: RequestInit = {
    method: req.method,
    headers,
    body,
    signal: req.signal,
    // LWA's JSON endpoints never redirect: a redirect is refused, never followed (no token goes
    // elsewhere). 'error' also spares fetch a copy of the request that 'manual' makes.
    redirect: 'error',
  }
  // A transport that keeps the time budget itself (core's timed fetch) gets it, with the caller's
  // own signal: no controller, timer and listeners of ours for this attempt.
  const timed = (ctx.fetch as { [timedFetchKey]?: TimedFetch })[timedFetchKey]
  let timedOut = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let onAbort: (() => void) | undefined
  if (!timed) {
    const controller = new AbortController()
    timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, remainingMs)
    onAbort = () => controller.abort()
    req.signal?.addEventListener('abort', onAbort, { once: true })
    init.signal = controller.signal
  }
  try {
    let response: Response
    let text: string
    try {
      response = await (timed ? timed(req.url, init, remainingMs) : ctx.fetch(req.url, init))
      text = await response.text()
    } catch (err) {
      throw transportError(
        req,
        err,
        timedOut || (!!timed && (err as Error)?.name === 'TimeoutError'),
        budgetMs,
      )
    }
    return interpret(req, response, text)
  } finally {
    if (onAbort) {
      clearTimeout(timer)
      req.signal?.removeEventListener('abort', onAbort)
    }
  }
}

function transportError(
  req: HttpRequest,
  err: unknown,
  timedOut: boolean,
  budgetMs: number,
): LwaError {
  if (req.signal?.aborted) return new LwaAbortError(req.signal.reason)
  if (timedOut) return new LwaTimeoutError(req.endpoint, budgetMs)
  return new LwaNetworkError(req.endpoint, err)
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

function interpret(req: HttpRequest, response: Response, text: string): HttpResponse {
  const json = parseJsonObject(text)
  const status = response.status
  const ok = status >= 200 && status < 300
  if (ok && json) return { body: json, text }
  // Only a failure reads the headers (its request id): a success looks none up.
  const requestId =
    response.headers.get('x-amzn-requestid') ??
    response.headers.get('x-amz-request-id') ??
    undefined
  const base: LwaErrorDetails = { status, ...(requestId ? { requestId } : {}) }
  if (ok) throw new MalformedResponseError(req.endpoint, 'the body is not a JSON object', base)
  const error = typeof json?.error === 'string' ? json.error : undefined
  const description =
    typeof json?.error_description === 'string' ? json.error_description : undefined
  const details: LwaErrorDetails = {
    ...base,
    ...(error ? { error } : {}),
    ...(description ? { errorDescription: description } : {}),
  }
  throw errorFor(req, status, error, details)
}

/** Maps an LWA error answer to its typed error. */
export function errorFor(
  req: Pick<HttpRequest, 'endpoint' | 'grant'>,
  status: number,
  error: string | undefined,
  details: LwaErrorDetails,
): LwaError {
  const normalized = error?.toLowerCase().replace(/_/g, '')
  if (
    status >= 500 ||
    status === 429 ||
    normalized === 'servererror' ||
    normalized === 'temporarilyunavailable'
  )
    return new LwaServerError(req.endpoint, details)
  switch (error) {
    case 'invalid_grant':
      return new InvalidGrantError(req.grant, details)
    case 'invalid_client':
      return new InvalidClientError(details)
    case 'invalid_scope':
      return new UnknownScopeError(details)
    case 'invalid_token':
      return new InvalidTokenError(details)
    case 'access_denied':
      return new AccessDeniedError(undefined, details)
    case undefined:
      if (status === 401) return new InvalidTokenError(details)
      return new MalformedResponseError(
        req.endpoint,
        `HTTP ${status} without an LWA error body`,
        details,
      )
    default:
      return new LwaProtocolError({ ...details, error })
  }
}
