/**
 * The authorization callback: read the redirect's parameters, turn `error` into typed errors,
 * check `state` in constant time, then swap the code.
 *
 * @module
 */
import {
  type LwaError,
  type LwaErrorDetails,
  MalformedResponseError,
  StateMismatchError,
} from './errors.js'
import { errorFor } from './lib/http.js'
import { timingSafeEqual } from './pkce.js'

/**
 * What a callback can be read from: the full callback URL, a path with its query (`req.url`),
 * a query string, `URLSearchParams`, or a parsed query object (`req.query`, `searchParams`).
 *
 * @example
 * ```ts
 * const input: CallbackInput = req.originalUrl
 * ```
 */
export type CallbackInput =
  | string
  | URL
  | URLSearchParams
  | Readonly<Record<string, string | readonly string[] | undefined | unknown>>

/**
 * The parameters of a successful callback.
 *
 * @example
 * ```ts
 * const { code, state } = parseCallback(req.url)
 * ```
 */
export interface CallbackParams {
  /** The authorization code (single use, valid 5 minutes). */
  code: string
  /** The state LWA echoed back. */
  state?: string
  /** The scopes LWA says it granted, when it listed them. */
  scope?: string[]
}

/**
 * What the app kept from {@link LwaClient.authorizationUrl}, to check the callback against.
 *
 * @example
 * ```ts
 * const expected: ExpectedCallback = { state, codeVerifier, redirectUri }
 * ```
 */
export interface ExpectedCallback {
  /** The state of the authorization request. */
  state: string
  /** The PKCE verifier of the authorization request. */
  codeVerifier: string
  /** The redirect URI of the authorization request. */
  redirectUri: string
}

const KEYS = ['code', 'state', 'scope', 'error', 'error_description', 'error_uri'] as const
type Key = (typeof KEYS)[number]
const ERROR_CODE = /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,100}$/
const CODE = /^[\x21-\x7E]{1,2048}$/

function malformed(what: string): MalformedResponseError {
  return new MalformedResponseError('authorization callback', what)
}

/**
 * `code` when it has the shape of an LWA authorization code (1 to 2048 printable ASCII
 * characters), else the callback's `MalformedResponseError`: a code LWA never issues is never
 * sent to LWA. @internal
 */
export function checkCode(code: string): string {
  if (!CODE.test(code)) throw malformed('the code has characters an LWA code never has')
  return code
}

// One reader for both shapes: `valuesOf(key)` lists the values a parameter has.
function collect(valuesOf: (key: Key) => readonly unknown[]): Map<Key, string> {
  const out = new Map<Key, string>()
  for (const key of KEYS) {
    const values = valuesOf(key)
    if (values.length > 1) throw malformed(`the ${key} parameter appears more than once`)
    if (values.length === 0) continue
    if (typeof values[0] !== 'string') throw malformed(`the ${key} parameter is not a string`)
    out.set(key, values[0])
  }
  return out
}

function fromSearch(search: URLSearchParams): Map<Key, string> {
  return collect((key) => search.getAll(key))
}

function fromRecord(record: Record<string, unknown>): Map<Key, string> {
  return collect((key) => {
    const value = Object.hasOwn(record, key) ? record[key] : undefined
    return value === undefined ? [] : Array.isArray(value) ? value : [value]
  })
}

function readInput(input: CallbackInput): Map<Key, string> {
  if (typeof input === 'string') {
    if (input.startsWith('?') || !/^[a-z][a-z0-9+.-]*:|^\//i.test(input))
      return fromSearch(new URLSearchParams(input.split('#')[0]))
    let url: URL
    try {
      url = new URL(input, 'http://callback.invalid')
    } catch {
      throw malformed('the callback URL cannot be parsed')
    }
    return fromSearch(url.searchParams)
  }
  if (input instanceof URL) return fromSearch(input.searchParams)
  if (input instanceof URLSearchParams) return fromSearch(input)
  if (input !== null && typeof input === 'object' && !Array.isArray(input))
    return fromRecord(input as Record<string, unknown>)
  throw malformed('expected a URL, a query string, URLSearchParams or a query object')
}

function clean(text: string, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, ' ')
  return printable.length > max ? `${printable.slice(0, max)}…` : printable
}

function callbackError(params: Map<Key, string>, error: string): LwaError {
  if (!ERROR_CODE.test(error))
    return malformed('the error parameter is not a valid OAuth error code')
  const description = params.get('error_description')
  const details: LwaErrorDetails = {
    ...(description ? { errorDescription: clean(description, 300) } : {}),
  }
  return errorFor({ endpoint: 'authorization' }, 400, error, details)
}

/**
 * Reads an authorization callback. An `error` parameter becomes its typed error
 * (`access_denied` → {@link AccessDeniedError}, `invalid_scope` → {@link UnknownScopeError},
 * `server_error` → {@link LwaServerError}, others → {@link LwaProtocolError}); a callback without
 * a usable code is a {@link MalformedResponseError}. It does not check `state`; use
 * {@link LwaClient.handleCallback} or compare with {@link timingSafeEqual}.
 *
 * @throws {LwaError} always a typed one, for any input.
 * @example
 * ```ts
 * const { code, state, scope } = parseCallback('https://app.example/cb?code=ANabc&state=xyz')
 * ```
 */
export function parseCallback(input: CallbackInput): CallbackParams {
  const params = readInput(input)
  const error = params.get('error')
  if (error !== undefined) throw callbackError(params, error)
  const code = params.get('code')
  if (code === undefined || code.length === 0) throw malformed('it has neither a code nor an error')
  checkCode(code)
  const state = params.get('state')
  const scopeText = params.get('scope')
  const scope = scopeText
    ?.split(' ')
    .filter((item) => /^[\x21\x23-\x2B\x2D-\x5B\x5D-\x7E]{1,256}$/.test(item))
  return {
    code,
    ...(state !== undefined ? { state } : {}),
    ...(scope !== undefined ? { scope: [...new Set(scope)] } : {}),
  }
}

/**
 * Checks a callback against what the app kept, in the order that leaks least: `error` first,
 * then `state` in constant time, then the code. Returns the code's parameters.
 *
 * @internal
 */
export function checkCallback(input: CallbackInput, expected: ExpectedCallback): CallbackParams {
  const params = parseCallback(input)
  if (typeof expected?.state !== 'string' || expected.state.length === 0)
    throw new StateMismatchError(
      'No sign-in state was kept (an expired session or cookie?); start the sign-in again.',
    )
  if (params.state === undefined || !timingSafeEqual(params.state, expected.state))
    throw new StateMismatchError()
  return params
}
