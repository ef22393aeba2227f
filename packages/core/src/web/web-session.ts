/**
 * The signed-in session: a sealed cookie that names a server-side handle (the session's entry in
 * the token store), so that signing out ends every copy of the cookie; a new handle at each
 * sign-in; an absolute lifetime sealed into the cookie and an idle lifetime renewed as it is used.
 *
 * @module
 */
import { base64UrlEncode, randomBytes } from '../lib/bytes.js'
import { openValue, type SealCrypto, sealValue } from '../sealed-value.js'
import type { TokenStore } from '../token-store.js'
import { clearCookie, readCookie, readKnownCookie, serializeCookie } from './cookies.js'
import type { WebRequest } from './web-request.js'

/**
 * Options of {@link createWebSession}.
 *
 * @example
 * ```ts
 * const options: WebSessionOptions = { secret, store, maxAgeSeconds: 7 * 24 * 3600, idleSeconds: 24 * 3600 }
 * ```
 */
export interface WebSessionOptions {
  /** Seals the cookie: at least 32 characters (an array rotates: the first seals). */
  secret: string | readonly string[]
  /** Where each session's tokens live; a session whose entry is gone is signed out. */
  store: TokenStore
  /** The cookie's name (default `lwa_session`; `__Host-` is added behind https). */
  cookieName?: string
  /** The absolute lifetime in seconds (default 7 days). */
  maxAgeSeconds?: number
  /** The idle lifetime in seconds (default: the absolute one). */
  idleSeconds?: number
  /** The clock in ms (default `Date.now`). */
  now?: () => number
  /** The cryptography of the seal (default Web Crypto; on Node, `@lwa-kit/node`'s `nodeSealCrypto`). */
  crypto?: SealCrypto
}

/**
 * An open session: the token-store key of its handle and what the app put in it.
 *
 * @example
 * ```ts
 * const opened: OpenedWebSession<{ name: string }> | undefined = await session.open(request)
 * ```
 */
export interface OpenedWebSession<T> {
  /** The token-store key of this sign-in (`<kind>:<random handle>`). */
  key: string
  /** The data sealed at sign-in (e.g. the user). */
  data: T
  /** A renewed cookie when the idle lifetime moved on (set it), else `undefined`. */
  renewed?: string
}

/**
 * Sessions bound to one secret and token store.
 *
 * @example
 * ```ts
 * const { cookie, key } = await session.issue(request, 'web', user)
 * await tokens.setTokens(key, tokenSet)
 * ```
 */
export interface WebSession<T> {
  /**
   * Starts a new session (a new handle): answers its token-store key and the cookie to set. Keep
   * the sign-in's tokens under `key` (the token manager's `setTokens`) before answering.
   */
  issue(request: WebRequest, kind: string, data: T): Promise<{ cookie: string; key: string }>
  /** The session of a request, or `undefined` (no cookie, tampered, expired, idle, signed out). */
  open(request: WebRequest): Promise<OpenedWebSession<T> | undefined>
  /**
   * The same answer as {@link WebSession.open}, synchronously when nothing needs waiting for (the
   * cookie was opened before and the store answers at once, as `MemoryTokenStore` does, and no
   * renewal is due), else a promise. Lets a signed-in page go on without waiting a turn.
   */
  read(
    request: WebRequest,
  ): OpenedWebSession<T> | undefined | Promise<OpenedWebSession<T> | undefined>
  /** Ends the session everywhere (its handle is deleted); answers the cookie that clears it. */
  end(request: WebRequest, key: string | undefined): Promise<string>
}

interface Sealed<T> {
  k: string
  d: T
  a: number // absolute expiry, ms
  s: number // last renewal, ms
}

// An opened cookie as the cache keeps it, with its own copy of the app's data.
interface Opened {
  raw: string
  k: unknown
  d: unknown
  a: number
  s: number
  until: number
}

const PURPOSE = 'lwa-kit/web-session'
/** How many opened session cookies are kept, so a signed-in page does not decrypt on every request. */
const OPENED_CACHE = 1000

/**
 * Makes the session every adapter uses. The cookie (HttpOnly, SameSite=Lax, Path=/, `Secure` and
 * `__Host-` behind https) holds the sealed handle; the handle is the session's entry in the token
 * store, so deleting it on sign-out signs out every copy of the cookie, and a copy made before
 * sign-in again never sees the new tokens (each sign-in gets a new handle).
 *
 * @example
 * ```ts
 * const session = createWebSession<{ name: string }>({ secret, store: new MemoryTokenStore() })
 * const opened = await session.open(request) // undefined: signed out
 * ```
 */
export function createWebSession<T>(options: WebSessionOptions): WebSession<T> {
  const name = options.cookieName ?? 'lwa_session'
  const maxAge = options.maxAgeSeconds ?? 7 * 24 * 3600
  const idle = Math.min(options.idleSeconds ?? maxAge, maxAge)
  const now = options.now ?? Date.now
  const store = options.store
  const crypto = options.crypto ? { crypto: options.crypto } : {}
  const seal = (value: Sealed<T>, seconds: number) =>
    sealValue(value, {
      secret: options.secret,
      maxAgeSeconds: seconds,
      purpose: PURPOSE,
      now,
      ...crypto,
    })
  const cookieFor = (request: WebRequest, sealed: string, seconds: number) =>
    serializeCookie(name, sealed, { maxAgeSeconds: seconds, secure: request.secure })
  // Cookies that opened, by their exact text, until their seal expires: opening the same bytes again
  // gives the same value, so this only saves the decryption. The store is still asked every time
  // (a signed-out copy stays signed out); a cookie that fails to open is never kept.
  // The app's data is kept as a copy of its own (it was JSON when sealed) and each hit gets a fresh
  // copy of that, so what the app does to one request's session data never reaches the next request.
  // Keyed by the cookie's last characters (its seal's tag) and checked against the whole text: a
  // long key would be hashed in full on every request.
  const opened = new Map<string, Opened>()
  const lookup = (raw: string): Opened | undefined => {
    const hit = opened.get(cacheKey(raw))
    return hit?.raw === raw ? hit : undefined
  }
  // A cookie value that opened before was a valid cookie value then: `read` finds it in the cache
  // while reading the header, and the cookie reader does not check it again.
  let found: Opened | undefined
  const known = (raw: string) => {
    found = lookup(raw)
    return found !== undefined
  }
  const keptFor = (raw: string) => (found?.raw === raw ? found : lookup(raw))
  const fromCache = (hit: Opened): Sealed<T> => ({
    k: hit.k as string,
    d: copyJson(hit.d) as T,
    a: hit.a,
    s: hit.s,
  })
  async function unseal(raw: string): Promise<Sealed<T> | undefined> {
    const hit = lookup(raw)
    if (hit && hit.until > now()) return fromCache(hit)
    if (hit) opened.delete(cacheKey(raw))
    const result = await openValue<Sealed<T>>(raw, {
      secret: options.secret,
      purpose: PURPOSE,
      now,
      ...crypto,
    })
    if (!result) return undefined
    const value = result.value
    if (opened.size >= OPENED_CACHE) opened.delete(opened.keys().next().value as string)
    opened.set(cacheKey(raw), {
      raw,
      k: value.k,
      d: value.d === undefined ? undefined : JSON.parse(JSON.stringify(value.d)),
      a: value.a,
      s: value.s,
      until: result.expiresAt,
    })
    return value
  }

  // What open and read decide once the value is open and the store has answered.
  const settle = (
    request: WebRequest,
    value: Sealed<T>,
    stored: unknown,
    time: number,
  ): OpenedWebSession<T> | undefined | Promise<OpenedWebSession<T>> => {
    if (!stored) return undefined // signed out (or revoked) elsewhere
    // Renew the idle lifetime once a tenth of it has passed, never past the absolute end.
    if (time - value.s < (idle * 1000) / 10) return { key: value.k, data: value.d }
    const seconds = Math.max(1, Math.floor(Math.min(idle * 1000, value.a - time) / 1000))
    return seal({ ...value, s: time }, seconds).then((sealed) => ({
      key: value.k,
      data: value.d,
      renewed: cookieFor(request, sealed, seconds),
    }))
  }
  const usable = (value: Sealed<T> | undefined, time: number): value is Sealed<T> =>
    value !== undefined && typeof value.k === 'string' && value.a > time

  const session: WebSession<T> = {
    async issue(request, kind, data) {
      const key = `${kind}:${base64UrlEncode(randomBytes(24))}`
      const time = now()
      const value: Sealed<T> = { k: key, d: data, a: time + maxAge * 1000, s: time }
      return { key, cookie: cookieFor(request, await seal(value, idle), idle) }
    },
    async open(request) {
      const raw = readCookie(request, name)
      if (!raw) return undefined
      const value = await unseal(raw)
      const time = now()
      if (!usable(value, time)) return undefined
      return settle(request, value, await store.get(value.k), time)
    },
    read(request) {
      found = undefined
      const raw = readKnownCookie(request, name, known)
      if (!raw) return undefined
      const hit = keptFor(raw)
      const time = now()
      if (!hit || !(hit.until > time)) return session.open(request)
      if (!(typeof hit.k === 'string' && hit.a > time)) return undefined
      const value = fromCache(hit)
      const stored: unknown = store.get(value.k)
      if (typeof (stored as PromiseLike<unknown> | undefined)?.then === 'function')
        return Promise.resolve(stored).then((entry) => settle(request, value, entry, time))
      return settle(request, value, stored, time)
    },
    async end(request, key) {
      if (key) await store.delete(key)
      return clearCookie(name, request.secure)
    },
  }
  return session
}

/** The opened cache's key of a cookie: its last 32 characters (all of a short one). */
const cacheKey = (raw: string): string => (raw.length > 64 ? raw.slice(-32) : raw)

/**
 * A deep copy of a value that came out of `JSON.parse` (plain objects and arrays, strings,
 * numbers, booleans, `null`): what parsing its JSON text again would give, in a fraction of the
 * time.
 */
function copyJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    const list = new Array<unknown>(value.length)
    for (let i = 0; i < value.length; i++) list[i] = copyJson(value[i])
    return list
  }
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    const copy = copyJson((value as Record<string, unknown>)[key])
    // `JSON.parse` makes `__proto__` an own property; an assignment would set the prototype.
    if (key === '__proto__')
      Object.defineProperty(out, key, {
        value: copy,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    else out[key] = copy
  }
  return out
}
