/**
 * What the web layer answers: plain status, headers and body, for an adapter to write with its
 * framework's response object.
 *
 * @module
 */

/**
 * An HTTP answer. `headers` is a list, so `Set-Cookie` can appear more than once; a redirect is a
 * 3xx status with a `location` header.
 *
 * @example
 * ```ts
 * const answer: WebAnswer = { status: 303, headers: [['location', '/']] }
 * res.statusCode = answer.status
 * for (const [name, value] of answer.headers) res.appendHeader(name, value)
 * res.end(answer.body)
 * ```
 */
export interface WebAnswer {
  /** The HTTP status. */
  status: number
  /** Lowercase header names and values, in order; names may repeat (`set-cookie`). */
  headers: [string, string][]
  /** The body, if any (JSON or HTML text, as `content-type` says). */
  body?: string
}

/**
 * The headers of every answer that carries or follows a code or a token: not cached anywhere, and
 * no `Referer` with the callback's query on the next request.
 *
 * @example
 * ```ts
 * const answer: WebAnswer = { status: 200, headers: [...SENSITIVE_HEADERS], body }
 * ```
 */
export const SENSITIVE_HEADERS: readonly (readonly [string, string])[] = Object.freeze([
  Object.freeze(['cache-control', 'no-store'] as const),
  Object.freeze(['referrer-policy', 'no-referrer'] as const),
])

/**
 * A JSON answer with the {@link SENSITIVE_HEADERS}.
 *
 * @example
 * ```ts
 * jsonAnswer(200, { status: 'pending' })
 * ```
 */
export function jsonAnswer(
  status: number,
  body: unknown,
  headers: readonly (readonly [string, string])[] = [],
): WebAnswer {
  return {
    status,
    headers: [
      ...SENSITIVE_HEADERS.map(([n, v]) => [n, v] as [string, string]),
      ['content-type', 'application/json; charset=utf-8'],
      ...headers.map(([n, v]) => [n, v] as [string, string]),
    ],
    body: JSON.stringify(body),
  }
}

/**
 * A redirect (303 unless told) with the {@link SENSITIVE_HEADERS} and any cookies to set.
 *
 * @example
 * ```ts
 * redirectAnswer('/library', ['lwa_state=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax'])
 * ```
 */
export function redirectAnswer(
  location: string,
  cookies: readonly string[] = [],
  status: 302 | 303 = 303,
): WebAnswer {
  return {
    status,
    headers: [
      ...SENSITIVE_HEADERS.map(([n, v]) => [n, v] as [string, string]),
      ['location', location],
      ...cookies.map((line) => ['set-cookie', line] as [string, string]),
    ],
  }
}
