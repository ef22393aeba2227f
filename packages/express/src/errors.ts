/**
 * How sign-in failures are answered: a friendly page for browsers, JSON for everyone else, and a
 * stable `error` code from core in both.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isLwaError, LwaErrorCode } from '@lwa-kit/core'

/**
 * A failure as the adapter answers it.
 *
 * @example
 * ```ts
 * const failure: LwaFailure = describeFailure(err) // { status: 403, code: 'LWA_ACCESS_DENIED', message: 'Sign-in was cancelled…' }
 * ```
 */
export interface LwaFailure {
  /** The HTTP status answered. */
  status: number
  /** core's `LwaErrorCode`, or `LWA_INTERNAL` for an error that is not an LWA error. */
  code: string
  /** A message for people, safe to show (no token, no secret). */
  message: string
}

const FRIENDLY: Record<string, [number, string]> = {
  [LwaErrorCode.AccessDenied]: [
    403,
    'Sign-in was cancelled: you did not allow access to your Amazon account. You can try again whenever you like.',
  ],
  [LwaErrorCode.StateMismatch]: [
    400,
    'This sign-in link does not belong to this browser, expired or was already used. Please sign in again.',
  ],
  [LwaErrorCode.SealedState]: [
    400,
    'This sign-in link does not belong to this browser, expired or was already used. Please sign in again.',
  ],
  [LwaErrorCode.InvalidGrant]: [
    400,
    'The sign-in code expired or was already used. Please sign in again.',
  ],
  [LwaErrorCode.ReauthorizationRequired]: [
    401,
    'Your Amazon sign-in is no longer valid. Please sign in again.',
  ],
  [LwaErrorCode.Timeout]: [504, 'Amazon did not answer in time. Please try again in a moment.'],
  [LwaErrorCode.Network]: [502, 'Amazon could not be reached. Please try again in a moment.'],
  [LwaErrorCode.Server]: [502, 'Amazon is having trouble right now. Please try again in a moment.'],
  [LwaErrorCode.MalformedResponse]: [
    502,
    'Amazon sent an answer we could not read. Please try again in a moment.',
  ],
  [LwaErrorCode.Protocol]: [502, 'Amazon refused the sign-in request. Please try again.'],
  [LwaErrorCode.UnknownScope]: [
    500,
    'This app asked Amazon for a permission it is not allowed to ask for.',
  ],
  [LwaErrorCode.InvalidClient]: [500, "This app's Login with Amazon settings are not valid."],
  [LwaErrorCode.MusicApi]: [502, 'Amazon Music could not answer. Please try again in a moment.'],
}

/**
 * The status, code and friendly message for an error.
 *
 * @example
 * ```ts
 * describeFailure(new AccessDeniedError()).status // 403
 * ```
 */
export function describeFailure(err: unknown): LwaFailure {
  if (isLwaError(err)) {
    const [status, message] = FRIENDLY[err.code] ?? [500, 'Signing in with Amazon failed.']
    return { status, code: err.code, message }
  }
  return { status: 500, code: 'LWA_INTERNAL', message: 'Signing in with Amazon failed.' }
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )
}

function wantsHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? ''
  return accept.includes('text/html')
}

/**
 * Answers a failure: an HTML page when the browser asks for one, JSON otherwise.
 *
 * @example
 * ```ts
 * sendFailure(req, res, describeFailure(err), '/auth/amazon/login')
 * ```
 */
export function sendFailure(
  req: IncomingMessage,
  res: ServerResponse,
  failure: LwaFailure,
  retryUrl?: string,
): void {
  if (res.headersSent) {
    res.end()
    return
  }
  res.statusCode = failure.status
  res.setHeader('Cache-Control', 'no-store')
  if (!wantsHtml(req)) {
    res.setHeader('Content-Type', 'application/json; charset=utf-8')
    res.end(JSON.stringify({ error: failure.code, message: failure.message }))
    return
  }
  res.setHeader('Content-Type', 'text/html; charset=utf-8')
  const retry = retryUrl ? `<a href="${escapeHtml(retryUrl)}">Sign in again</a> · ` : ''
  res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign-in problem</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#111}
.box{border:1px solid #ddd;border-radius:8px;padding:1.5rem}code{color:#666;font-size:.85em}</style></head>
<body><div class="box" role="alert"><h1>Sign-in problem</h1>
<p id="lwa-error-message">${escapeHtml(failure.message)}</p>
<p>${retry}<a href="/">Home</a></p>
<p><code>${escapeHtml(failure.code)}</code></p></div></body></html>`)
}
