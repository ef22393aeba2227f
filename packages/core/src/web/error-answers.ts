/**
 * The one table from error codes to HTTP status and to the JSON and HTML answers, used by every
 * adapter: the same failure gets the same status and code in Express, Passport and Nest.
 *
 * @module
 */
import { isLwaError, LwaErrorCode } from '../errors.js'
import { jsonAnswer, SENSITIVE_HEADERS, type WebAnswer } from './web-answer.js'

/**
 * The codes a web answer can carry: core's {@link LwaErrorCode}s, plus the refusals of the web
 * layer itself (a malformed or cross-site request, a wrong method) and `LWA_INTERNAL` for an
 * error that is not an lwa-kit error.
 *
 * @example
 * ```ts
 * if (body.error === WebErrorCode.CrossSiteRequest) showNotice()
 * ```
 */
export const WebErrorCode = {
  ...LwaErrorCode,
  /** The request itself is malformed (a parameter or header repeated, a garbled value): 400. */
  InvalidRequest: 'LWA_INVALID_REQUEST',
  /** A state-changing request from another site (`Sec-Fetch-Site`, `Origin`): 403. */
  CrossSiteRequest: 'LWA_CROSS_SITE_REQUEST',
  /** The route exists for another method (state-changing routes are POST only): 405. */
  MethodNotAllowed: 'LWA_METHOD_NOT_ALLOWED',
  /** A failure that is not an lwa-kit error (a bug, a store that threw): 500. */
  Internal: 'LWA_INTERNAL',
} as const

/** One of the values of {@link WebErrorCode}. */
export type WebErrorCode = (typeof WebErrorCode)[keyof typeof WebErrorCode]

/**
 * A failure as every adapter answers it.
 *
 * @example
 * ```ts
 * const failure: WebFailure = describeError(err) // { status: 403, code: 'LWA_ACCESS_DENIED', message: '…' }
 * ```
 */
export interface WebFailure {
  /** The HTTP status. */
  status: number
  /** The code, from {@link WebErrorCode}. */
  code: WebErrorCode
  /** A message for people, safe to show: no token, no secret, no stack. */
  message: string
}

const AGAIN = 'Please try again in a moment.'
const SIGN_IN_AGAIN =
  'This sign-in link does not belong to this browser, expired or was already used. Please sign in again.'

const TABLE: Record<WebErrorCode, readonly [number, string]> = {
  LWA_ACCESS_DENIED: [
    403,
    'Sign-in was cancelled: you did not allow access to your Amazon account. You can try again whenever you like.',
  ],
  LWA_STATE_MISMATCH: [400, SIGN_IN_AGAIN],
  LWA_SEALED_STATE_INVALID: [400, SIGN_IN_AGAIN],
  LWA_INVALID_GRANT: [400, 'The sign-in code expired or was already used. Please sign in again.'],
  LWA_INVALID_REQUEST: [
    400,
    'The request is malformed (a parameter or header is repeated or garbled).',
  ],
  LWA_REAUTHORIZATION_REQUIRED: [
    401,
    'Your Amazon sign-in is no longer valid. Please sign in again.',
  ],
  LWA_INVALID_TOKEN: [401, 'The access token is missing, invalid or expired.'],
  LWA_AUDIENCE_MISMATCH: [401, 'The access token was issued to another app.'],
  LWA_CROSS_SITE_REQUEST: [403, 'This request came from another site and was refused.'],
  LWA_DEVICE_AUTHORIZATION_DENIED: [403, 'Linking was declined on the Amazon page.'],
  LWA_METHOD_NOT_ALLOWED: [405, 'This route does not answer that method.'],
  LWA_CODE_PAIR_EXPIRED: [410, 'The linking code expired. Start again for a new code.'],
  LWA_INVALID_ARGUMENT: [500, "This app's Login with Amazon settings are not valid."],
  LWA_INVALID_CLIENT: [500, "This app's Login with Amazon settings are not valid."],
  LWA_UNKNOWN_SCOPE: [500, 'This app asked Amazon for a permission it is not allowed to ask for.'],
  LWA_INTERNAL: [500, 'Signing in with Amazon failed.'],
  LWA_NETWORK_ERROR: [502, `Amazon could not be reached. ${AGAIN}`],
  LWA_SERVER_ERROR: [502, `Amazon is having trouble right now. ${AGAIN}`],
  LWA_MALFORMED_RESPONSE: [502, `Amazon sent an answer we could not read. ${AGAIN}`],
  LWA_PROTOCOL_ERROR: [502, 'Amazon refused the request. Please try again.'],
  LWA_MUSIC_API_ERROR: [502, `Amazon Music could not answer. ${AGAIN}`],
  LWA_ABORTED: [503, `The request to Amazon was cancelled. ${AGAIN}`],
  LWA_TIMEOUT: [504, `Amazon did not answer in time. ${AGAIN}`],
}

/** Music API statuses passed through as they are; any other is the upstream's fault (502). */
const MUSIC_PASS_THROUGH = new Set([401, 403, 404, 429])

/**
 * The status, code and message for anything thrown: lwa-kit errors by their code (also from
 * another copy of the package), anything else as `LWA_INTERNAL` 500 with a generic message.
 *
 * @example
 * ```ts
 * describeError(new AccessDeniedError()).status // 403
 * describeError(new Error('db down'))           // { status: 500, code: 'LWA_INTERNAL', … }
 * ```
 */
export function describeError(err: unknown): WebFailure {
  const code = isLwaError(err) ? (err.code as WebErrorCode) : WebErrorCode.Internal
  const row = TABLE[code] ?? TABLE.LWA_INTERNAL
  let status = row[0]
  if (code === WebErrorCode.MusicApi) {
    const upstream = (err as { status?: unknown }).status
    if (typeof upstream === 'number' && MUSIC_PASS_THROUGH.has(upstream)) status = upstream
  }
  return { status, code: TABLE[code] ? code : WebErrorCode.Internal, message: row[1] }
}

/**
 * The failure for a code of the web layer's own (no error object involved).
 *
 * @example
 * ```ts
 * failureOf(WebErrorCode.CrossSiteRequest).status // 403
 * ```
 */
export function failureOf(code: WebErrorCode): WebFailure {
  const row = TABLE[code] ?? TABLE.LWA_INTERNAL
  return { status: row[0], code, message: row[1] }
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )
}

/**
 * Whether the client asked for HTML (a browser navigation) rather than JSON.
 *
 * @example
 * ```ts
 * wantsHtml('text/html,application/xhtml+xml') // true
 * ```
 */
export function wantsHtml(accept: string | readonly string[] | undefined): boolean {
  const text = typeof accept === 'string' ? accept : (accept?.join(',') ?? '')
  return text.includes('text/html')
}

/**
 * Options of {@link failureAnswer}.
 *
 * @example
 * ```ts
 * const options: FailureAnswerOptions = { html: true, retryUrl: '/auth/amazon/login' }
 * ```
 */
export interface FailureAnswerOptions {
  /** An HTML page instead of JSON (see {@link wantsHtml}). */
  html?: boolean
  /** A same-site link to start again, on the HTML page. */
  retryUrl?: string
  /** More headers (e.g. a cookie to clear, `www-authenticate`, `retry-after`). */
  headers?: readonly (readonly [string, string])[]
}

/**
 * The answer for a failure: JSON `{ error: code, message }`, or a small HTML page with the same
 * message and code; never cached.
 *
 * @example
 * ```ts
 * const answer = failureAnswer(describeError(err), { html: wantsHtml(request.headers.accept) })
 * ```
 */
export function failureAnswer(failure: WebFailure, options: FailureAnswerOptions = {}): WebAnswer {
  const extra = options.headers ?? []
  if (!options.html)
    return jsonAnswer(failure.status, { error: failure.code, message: failure.message }, extra)
  const retry = options.retryUrl
    ? `<a href="${escapeHtml(options.retryUrl)}">Sign in again</a> · `
    : ''
  return {
    status: failure.status,
    headers: [
      ...SENSITIVE_HEADERS.map(([n, v]) => [n, v] as [string, string]),
      ['content-type', 'text/html; charset=utf-8'],
      ...extra.map(([n, v]) => [n, v] as [string, string]),
    ],
    body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign-in problem</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#111}
.box{border:1px solid #ddd;border-radius:8px;padding:1.5rem}code{color:#666;font-size:.85em}</style></head>
<body><div class="box" role="alert"><h1>Sign-in problem</h1>
<p id="lwa-error-message">${escapeHtml(failure.message)}</p>
<p>${retry}<a href="/">Home</a></p>
<p><code>${escapeHtml(failure.code)}</code></p></div></body></html>`,
  }
}
