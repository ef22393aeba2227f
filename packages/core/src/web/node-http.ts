/**
 * Node's `IncomingMessage`/`ServerResponse` (Express, Passport, Nest on Express) to and from the
 * web layer's plain facts. Structural types only: nothing here imports Node, so core stays
 * edge-safe.
 *
 * @module
 */
import type { WebAnswer } from './web-answer.js'
import type { WebRequest } from './web-request.js'

/**
 * The part of a Node request the web layer reads.
 *
 * @example
 * ```ts
 * const like: NodeRequestLike = req // an IncomingMessage, Express or Nest request
 * ```
 */
export interface NodeRequestLike {
  method?: string | undefined
  url?: string | undefined
  originalUrl?: string | undefined
  headers: Record<string, string | string[] | undefined>
  /** Node ≥ 18.3: every value of a repeated header (Node keeps only the first `authorization`). */
  headersDistinct?: Record<string, string[] | undefined>
  /** The header names and values as received, alternating. */
  rawHeaders?: readonly string[]
}

/**
 * The headers of a Node request as the web layer reads them, without building
 * `req.headersDistinct` (an array per header, on every request): `req.headers` as it is, unless
 * `Authorization` or `Host` came more than once (Node keeps only the first of those in
 * `req.headers`), and then `req.headersDistinct`, so that the web layer sees every value and
 * refuses the request. Other repeated headers are joined by Node (`Cookie` with `; `, the rest
 * with `, `), which the web layer's parsers read as web `Headers` give them.
 *
 * @example
 * ```ts
 * const outcome = bearer.check({ headers: nodeRequestHeaders(req) })
 * ```
 */
export function nodeRequestHeaders(req: NodeRequestLike): WebRequest['headers'] {
  const raw = req.rawHeaders
  if (!raw) return req.headersDistinct ?? req.headers
  let authorization = 0
  let host = 0
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string
    if (name.length === 13) {
      if (name.toLowerCase() === 'authorization' && ++authorization > 1)
        return req.headersDistinct ?? req.headers
    } else if (name.length === 4 && name.toLowerCase() === 'host' && ++host > 1)
      return req.headersDistinct ?? req.headers
  }
  return req.headers
}

/**
 * The part of a Node response the web layer writes.
 *
 * @example
 * ```ts
 * const like: NodeResponseLike = res // a ServerResponse, Express or Nest response
 * ```
 */
export interface NodeResponseLike {
  statusCode: number
  readonly headersSent: boolean
  readonly writableEnded?: boolean
  appendHeader?(name: string, value: string | readonly string[]): unknown
  getHeader(name: string): unknown
  setHeader(name: string, value: string | readonly string[]): unknown
  end(body?: string): unknown
}

/**
 * The {@link WebRequest} of a Node request. `secure` comes from the framework's trust-proxy
 * setting (Express: `req.secure`); the web layer never reads `X-Forwarded-*` itself.
 *
 * @example
 * ```ts
 * const request = nodeWebRequest(req, req.secure)
 * ```
 */
export function nodeWebRequest(req: NodeRequestLike, secure: boolean): WebRequest {
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url: req.originalUrl ?? req.url ?? '/',
    headers: nodeRequestHeaders(req),
    secure: secure === true,
  }
}

/**
 * Whether the response was already answered (headers sent or ended), by a timeout middleware
 * for example. Then nothing may be written to it again.
 *
 * @example
 * ```ts
 * if (isAnswered(res)) return
 * ```
 */
export function isAnswered(res: Pick<NodeResponseLike, 'headersSent' | 'writableEnded'>): boolean {
  return res.headersSent || res.writableEnded === true
}

/**
 * Writes an answer to a Node response, keeping `Set-Cookie` headers set before. Writes nothing,
 * and returns `false`, when the response was already answered; never throws for that.
 *
 * @example
 * ```ts
 * writeNodeAnswer(res, outcome.answer)
 * ```
 */
export function writeNodeAnswer(res: NodeResponseLike, answer: WebAnswer): boolean {
  if (isAnswered(res)) return false
  res.statusCode = answer.status
  for (const [name, value] of answer.headers) {
    if (name === 'set-cookie') appendNodeCookie(res, value)
    else res.setHeader(name, value)
  }
  res.end(answer.body)
  return true
}

/**
 * Adds one `Set-Cookie` line to a Node response, keeping the ones already set (for a cookie set
 * before the framework writes the answer, such as a session issued before a redirect).
 *
 * @example
 * ```ts
 * appendNodeCookie(res, issued.cookie)
 * res.redirect(303, '/profile')
 * ```
 */
export function appendNodeCookie(
  res: Pick<NodeResponseLike, 'getHeader' | 'setHeader'>,
  line: string,
): void {
  const previous = res.getHeader('set-cookie')
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)]
  res.setHeader('set-cookie', [...list, line])
}
