/**
 * A `fetch` for Node built on `node:http` / `node:https` with keep-alive agents: the subset of
 * `fetch` that `@lwa-kit/core` uses (method, headers, a string or byte body, `signal`, `redirect`),
 * answered with a standard `Response`. Core's own calls cost far less CPU through it than through
 * Node's built-in `fetch` (undici), and core itself stays free of Node APIs: an adapter passes this
 * as core's `fetch` option.
 *
 * @module
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

/**
 * Settings of {@link createNodeFetch}.
 *
 * @example
 * ```ts
 * const options: NodeFetchOptions = { maxSockets: 64 }
 * ```
 */
export interface NodeFetchOptions {
  /** Most sockets per origin (default 256). */
  maxSockets?: number
  /** How long an idle socket is kept, in milliseconds (default 4000, below LWA's idle timeout). */
  keepAliveMsecs?: number
  /** The most response bytes read before the call fails (default 1 MiB). */
  maxResponseBytes?: number
}

const NULL_BODY = new Set([101, 103, 204, 205, 304])

// The key of `@lwa-kit/core`'s timed fetch (its `timedFetchKey`, a registered symbol: no import
// of core is needed to set it).
const TIMED_FETCH = Symbol.for('lwa-kit.timed-fetch')

function headerRecord(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (!init) return out
  // A plain record (what core sends) is read as it is; the global Headers is not touched then (its
  // first use loads Node's fetch implementation).
  if (Array.isArray(init) || Object.getPrototypeOf(init) !== Object.prototype) {
    for (const [name, value] of new Headers(init)) out[name] = value
    return out
  }
  for (const [name, value] of Object.entries(init)) out[name.toLowerCase()] = String(value)
  return out
}

function bodyBytes(body: BodyInit | null | undefined): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return body
  if (body instanceof URLSearchParams) return body.toString()
  if (body instanceof Uint8Array) return body
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  throw new TypeError('This fetch sends a string, URLSearchParams or bytes as the body.')
}

function responseHeaders(raw: readonly string[]): Headers {
  const headers = new Headers()
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string)
  return headers
}

/** Where a request goes, as `node:http` takes it (what its own `urlToHttpOptions` makes). */
interface Target {
  href: string
  secure: boolean
  protocol: string
  hostname: string
  port?: number
  path: string
  auth?: string
}

function targetOf(url: URL): Target {
  const { hostname, username, password } = url
  return {
    href: url.href,
    secure: url.protocol === 'https:',
    protocol: url.protocol,
    // An IPv6 literal goes to node:http without its brackets.
    hostname: hostname.startsWith('[') ? hostname.slice(1, -1) : hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: `${url.pathname}${url.search}`,
    ...(username || password
      ? { auth: `${decodeURIComponent(username)}:${decodeURIComponent(password)}` }
      : {}),
  }
}

const copyOf = (b: Buffer): Uint8Array<ArrayBuffer> => new Uint8Array(b)
const NO_BYTES = Buffer.alloc(0)

/**
 * The answer as a `Response` without a stream behind it: the body is already read, so `text()`,
 * `json()` and `arrayBuffer()` hand it over directly (a `new Response(bytes)` would go through a
 * ReadableStream, which costs more than the whole request). Like a `Response`, its body is read
 * once; `clone()` gives a real one. Its methods are on the prototype (no closures made per
 * response), and its `Headers` are made when first read: a caller that reads none (core on a
 * success) pays nothing for them.
 */
class NodeResponse {
  readonly redirected = false
  readonly type: ResponseType = 'basic'
  #bytes: Buffer
  #raw: readonly string[]
  #headers: Headers | undefined
  #used = false
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    rawHeaders: readonly string[],
    bytes: Buffer,
  ) {
    this.#raw = rawHeaders
    this.#bytes = NULL_BODY.has(status) ? NO_BYTES : bytes
  }
  get ok(): boolean {
    return this.status >= 200 && this.status < 300
  }
  get headers(): Headers {
    this.#headers ??= responseHeaders(this.#raw)
    return this.#headers
  }
  get body(): ReadableStream<Uint8Array> | null {
    return NULL_BODY.has(this.status) ? null : new Response(copyOf(this.#bytes)).body
  }
  get bodyUsed(): boolean {
    return this.#used
  }
  #take(): Buffer {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read')
    this.#used = true
    return this.#bytes
  }
  async text(): Promise<string> {
    return this.#take().toString('utf8')
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.#take().toString('utf8'))
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.#take()
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer
  }
  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return copyOf(this.#take())
  }
  async blob(): Promise<Blob> {
    return new Blob([copyOf(this.#take())])
  }
  async formData(): Promise<FormData> {
    return new Response(copyOf(this.#take()), { headers: this.headers }).formData()
  }
  clone(): Response {
    const { status, statusText } = this
    const body = NULL_BODY.has(status) ? null : copyOf(this.#bytes)
    return new Response(body, { status, statusText, headers: this.headers })
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}

/**
 * Makes a `fetch` that sends through `node:http` / `node:https` with its own keep-alive agents.
 * Redirects are not followed: with `redirect: 'error'` a 3xx rejects (as `fetch` does), otherwise
 * it is returned as it came. Errors carry no URL (a token info URL holds the token).
 *
 * @example
 * ```ts
 * import { createLwaClient } from '@lwa-kit/core'
 * import { createNodeFetch } from '@lwa-kit/node'
 *
 * const lwa = createLwaClient({ clientId, clientSecret, fetch: createNodeFetch() })
 * ```
 */
export function createNodeFetch(options: NodeFetchOptions = {}): typeof fetch {
  const agentOptions = {
    keepAlive: true,
    keepAliveMsecs: options.keepAliveMsecs ?? 4000,
    timeout: options.keepAliveMsecs ?? 4000,
    maxSockets: options.maxSockets ?? 256,
    scheduling: 'lifo' as const,
  }
  const httpAgent = new HttpAgent(agentOptions)
  const httpsAgent = new HttpsAgent(agentOptions)
  const maxBytes = options.maxResponseBytes ?? 1024 * 1024
  // Parsed targets of the URLs called again and again (token, profile), so that a call parses no
  // URL. Only URLs without a query are kept: a token info URL holds the token.
  const targets = new Map<string, Target>()
  const targetFor = (input: string | URL): Target => {
    if (typeof input !== 'string') return targetOf(input)
    let target = targets.get(input)
    if (!target) {
      target = targetOf(new URL(input))
      if (!input.includes('?') && !target.auth) {
        if (targets.size >= 32) targets.delete(targets.keys().next().value as string)
        targets.set(input, target)
      }
    }
    return target
  }

  // `timeoutMs`: the time budget kept here (core's timed fetch), when given.
  const send = (
    input: string | URL | Request,
    init: RequestInit,
    timeoutMs: number | undefined,
  ): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      // Neither a string nor a URL: a Request (the global Request is not touched for a string).
      if (typeof input !== 'string' && !(input instanceof URL))
        return reject(new TypeError('This fetch takes a URL and an init object, not a Request.'))
      let target: Target
      try {
        target = targetFor(input)
      } catch (err) {
        return reject(err)
      }
      const { secure, protocol } = target
      if (!secure && protocol !== 'http:')
        return reject(new TypeError(`This fetch speaks http and https, not ${protocol}`))
      const signal = init.signal ?? undefined
      if (signal?.aborted) return reject(abortReason(signal))
      let body: string | Uint8Array | undefined
      try {
        body = bodyBytes(init.body)
      } catch (err) {
        return reject(err)
      }
      const headers = headerRecord(init.headers)
      if (body !== undefined)
        headers['content-length'] = String(
          typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
        )
      let settled = false
      let timer: ReturnType<typeof setTimeout> | undefined
      const settle = () => {
        settled = true
        if (timer !== undefined) clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      }
      const fail = (err: unknown) => {
        if (settled) return
        settle()
        reject(err)
      }
      const request = secure ? httpsRequest : httpRequest
      const req = request(
        {
          protocol,
          hostname: target.hostname,
          ...(target.port !== undefined ? { port: target.port } : {}),
          path: target.path,
          ...(target.auth !== undefined ? { auth: target.auth } : {}),
          method: init.method ?? 'GET',
          headers,
          agent: secure ? httpsAgent : httpAgent,
        },
        (res) => {
          const status = res.statusCode ?? 0
          if (init.redirect === 'error' && status >= 300 && status < 400 && res.headers.location) {
            res.resume()
            return fail(new TypeError('The server answered with a redirect, which is refused.'))
          }
          const chunks: Buffer[] = []
          let size = 0
          res.on('data', (chunk: Buffer) => {
            size += chunk.length
            if (size > maxBytes) {
              fail(new TypeError(`The response is over ${maxBytes} bytes.`))
              res.destroy()
              return
            }
            chunks.push(chunk)
          })
          res.on('error', fail)
          res.on('aborted', () => fail(new TypeError('The connection closed mid-response.')))
          res.on('end', () => {
            if (settled) return
            settle()
            const bytes = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)) as Buffer
            resolve(
              new NodeResponse(
                target.href,
                status,
                res.statusMessage ?? '',
                res.rawHeaders,
                bytes,
              ) as unknown as Response,
            )
          })
        },
      )
      const onAbort = () => {
        req.destroy()
        fail(abortReason(signal as AbortSignal))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      if (timeoutMs !== undefined)
        timer = setTimeout(() => {
          req.destroy()
          fail(new DOMException('The request did not finish in time.', 'TimeoutError'))
        }, timeoutMs)
      // Node's own error (ECONNRESET, ECONNREFUSED...) names no URL.
      req.on('error', fail)
      req.end(body)
    })
  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    send(input, init, undefined)
  // Core's calls come through here with their remaining time (see core's `timedFetchKey`): the
  // budget is one timer of this request, not an AbortController, a timer and listeners per call.
  const timed = (input: string, init: RequestInit, timeoutMs: number): Promise<Response> =>
    send(input, init, timeoutMs)
  Object.defineProperty(nodeFetch, TIMED_FETCH, { value: timed })
  return nodeFetch as typeof fetch
}

/**
 * The process's shared {@link createNodeFetch} transport, made on first use.
 *
 * @example
 * ```ts
 * import { nodeFetch } from '@lwa-kit/node'
 *
 * const response = await nodeFetch()('https://api.amazon.com/auth/o2/tokeninfo', { method: 'GET' })
 * ```
 */
export function nodeFetch(): typeof fetch {
  shared ??= createNodeFetch()
  return shared
}

let shared: typeof fetch | undefined
