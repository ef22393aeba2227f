/**
 * One HTTP attempt against the Amazon Music API, and the mapping of its error objects
 * (V1 `{ error: { status, code, message, reference } }`, V2 `{ error: { code, message, traceId } }`)
 * to {@link MusicApiError}.
 *
 * @internal
 */
import { type LwaError, MalformedResponseError, MusicApiError } from '../errors.js'
import { timedCall } from './timed-call.js'

/** A finished attempt: status, headers and the parsed JSON body (undefined when empty or not JSON). */
export interface MusicAttempt {
  status: number
  headers: Headers
  body: unknown
}

/** Sends one request with its own timeout; transport failures become typed errors. */
export async function musicAttempt(
  fetchImpl: typeof fetch,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<MusicAttempt> {
  const { response, text } = await timedCall('music', timeoutMs, signal, async (timed) => {
    const response = await fetchImpl(url, {
      method: init.method,
      headers: init.headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
      signal: timed,
      redirect: 'manual',
    })
    return { response, text: await response.text() }
  })
  let body: unknown
  if (text.length > 0) {
    try {
      body = JSON.parse(text)
    } catch {
      body = undefined
    }
  }
  return { status: response.status, headers: response.headers, body }
}

/** The Music API's error code of an answer, if its body is an error object. */
export function musicErrorCode(body: unknown): string | undefined {
  const error = (body as { error?: unknown } | undefined)?.error
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string') return code
  }
  return undefined
}

const HINTS: Record<string, string> = {
  INVALID_ACCESS_TOKEN:
    'the access token was refused even after a refresh; the user may need to sign in again.',
  INVALID_AUTH_TYPE: 'the request carried no bearer token.',
  INVALID_AUTH_TOKEN: 'the bearer token was empty.',
  AUTH_NO_MUSIC_ACCOUNT_FOUND: 'this Amazon account has no Amazon Music account.',
  THROTTLED: 'too many requests; slow down and try again later.',
  INTERNAL: 'the Music API failed on its side; try again later.',
}

/** Turns a non-2xx answer into a {@link MusicApiError} (or a malformed-response error). */
export function musicError(attempt: MusicAttempt, retryable: boolean): LwaError {
  const requestId =
    attempt.headers.get('x-amzn-requestid') ?? attempt.headers.get('x-amz-request-id') ?? undefined
  const raw = (attempt.body as { error?: unknown } | undefined)?.error
  if (!raw || typeof raw !== 'object')
    return new MalformedResponseError('music', `HTTP ${attempt.status} without an error object`, {
      status: attempt.status,
      retryable,
      ...(requestId ? { requestId } : {}),
    })
  const error = raw as Record<string, unknown>
  const apiCode = typeof error.code === 'string' ? error.code : undefined
  const reference =
    typeof error.reference === 'string'
      ? error.reference
      : typeof error.traceId === 'string'
        ? error.traceId
        : undefined
  const said = typeof error.message === 'string' ? error.message : undefined
  const hint = (apiCode && HINTS[apiCode]) ?? said ?? 'see apiCode and reference.'
  return new MusicApiError(
    `The Amazon Music API answered HTTP ${attempt.status}${apiCode ? ` ${apiCode}` : ''}: ${hint}`,
    {
      status: attempt.status,
      retryable,
      ...(apiCode ? { apiCode } : {}),
      ...(reference ? { reference } : {}),
      ...(said ? { errorDescription: said } : {}),
      ...(requestId ? { requestId } : {}),
    },
  )
}
