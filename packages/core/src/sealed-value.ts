/**
 * Sealed values: any JSON value encrypted and authenticated (AES-256-GCM, key from the secret by
 * HKDF-SHA-256, Web Crypto) into one opaque string with an expiry, for cookies. A `purpose` is
 * bound into the authenticated data, so a value sealed for one use never opens for another.
 * Secrets rotate: the first of a list seals, all of them open.
 *
 * @module
 */
import { InvalidArgumentError } from './errors.js'
import { base64UrlDecode, base64UrlEncode, randomBytes, utf8 } from './lib/bytes.js'

/**
 * The cryptography behind sealed values: HKDF-SHA-256 to derive the AES-256-GCM key from a secret,
 * and AES-256-GCM itself (16-byte tag after the ciphertext). Core's default is Web Crypto, on every
 * runtime; on Node, `@lwa-kit/node`'s `nodeSealCrypto` does the same with `node:crypto`,
 * synchronously and without Web Crypto's per-call hop to the thread pool. Both seal the same format,
 * so each opens what the other sealed.
 *
 * @example
 * ```ts
 * import { nodeSealCrypto } from '@lwa-kit/node'
 * const cookie = await sealValue(value, { secret, maxAgeSeconds: 600, purpose, crypto: nodeSealCrypto })
 * ```
 */
export interface SealCrypto<Key = unknown> {
  /** The 32-byte AES key from the secret's UTF-8 bytes by HKDF-SHA-256 (or a handle to it). */
  deriveKey(secret: Uint8Array, salt: Uint8Array, info: Uint8Array): Key | Promise<Key>
  /** AES-256-GCM: the ciphertext followed by the 16-byte tag. */
  encrypt(
    key: Key,
    iv: Uint8Array,
    plaintext: Uint8Array,
    aad: Uint8Array,
  ): Uint8Array | Promise<Uint8Array>
  /** Opens `ciphertext ‖ tag`; throws (or rejects) when it is not authentic. */
  decrypt(
    key: Key,
    iv: Uint8Array,
    data: Uint8Array,
    aad: Uint8Array,
  ): Uint8Array | Promise<Uint8Array>
}

/**
 * Core's default {@link SealCrypto}: Web Crypto (`crypto.subtle`), on every runtime. Its key is a
 * Web Crypto `CryptoKey`, typed `unknown` here so that core's declarations need no DOM types (a
 * Node project without `lib: ["dom"]` type-checks them with `skipLibCheck: false`).
 *
 * @example
 * ```ts
 * const opened = await openValue(cookie, { secret, purpose, crypto: webSealCrypto })
 * ```
 */
export const webSealCrypto: SealCrypto = {
  deriveKey: (secret, salt, info) => {
    const subtle = globalThis.crypto.subtle
    return subtle
      .importKey('raw', secret as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveKey'])
      .then((material) =>
        subtle.deriveKey(
          {
            name: 'HKDF',
            hash: 'SHA-256',
            salt: salt as Uint8Array<ArrayBuffer>,
            info: info as Uint8Array<ArrayBuffer>,
          },
          material,
          { name: 'AES-GCM', length: 256 },
          false,
          ['encrypt', 'decrypt'],
        ),
      )
  },
  encrypt: async (key, iv, plaintext, aad) =>
    new Uint8Array(
      await globalThis.crypto.subtle.encrypt(
        {
          name: 'AES-GCM',
          iv: iv as Uint8Array<ArrayBuffer>,
          additionalData: aad as Uint8Array<ArrayBuffer>,
        },
        key as CryptoKey,
        plaintext as Uint8Array<ArrayBuffer>,
      ),
    ),
  decrypt: async (key, iv, data, aad) =>
    new Uint8Array(
      await globalThis.crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: iv as Uint8Array<ArrayBuffer>,
          additionalData: aad as Uint8Array<ArrayBuffer>,
        },
        key as CryptoKey,
        data as Uint8Array<ArrayBuffer>,
      ),
    ),
}

/**
 * Options of {@link sealValue}.
 *
 * @example
 * ```ts
 * const options: SealValueOptions = { secret, maxAgeSeconds: 3600, purpose: 'my-app/session' }
 * ```
 */
export interface SealValueOptions {
  /** At least 32 characters. An array rotates secrets: the first seals, all open. */
  secret: string | readonly string[]
  /** How long the value is accepted, in seconds. */
  maxAgeSeconds: number
  /** What the value is for (e.g. `my-app/session`); {@link openValue} must name the same. */
  purpose: string
  /** The clock in ms (default `Date.now`). */
  now?: () => number
  /** The cryptography (default {@link webSealCrypto}; on Node, `@lwa-kit/node`'s `nodeSealCrypto`). */
  crypto?: SealCrypto
}

/**
 * Options of {@link openValue}.
 *
 * @example
 * ```ts
 * const options: OpenValueOptions = { secret: [newSecret, oldSecret], purpose: 'my-app/session' }
 * ```
 */
export interface OpenValueOptions {
  /** The secret(s) the value may have been sealed with. */
  secret: string | readonly string[]
  /** The purpose it was sealed for. */
  purpose: string
  /** The clock in ms (default `Date.now`). */
  now?: () => number
  /** The cryptography (default {@link webSealCrypto}); any {@link SealCrypto} opens any's seal. */
  crypto?: SealCrypto
}

/**
 * An opened sealed value.
 *
 * @example
 * ```ts
 * const opened: OpenedValue<{ userId: string }> | undefined = await openValue(cookie, options)
 * ```
 */
export interface OpenedValue<T> {
  /** The value as it was sealed (after a JSON round trip). */
  value: T
  /** When the sealed value stops being accepted, in milliseconds since the epoch. */
  expiresAt: number
}

/** @internal Why a value did not open. */
export type UnsealFailure = 'malformed' | 'tampered' | 'expired'

const PREFIX = 'v1.'
const IV_BYTES = 12
// Derived keys, per cryptography and secret.
const keyCaches = new WeakMap<SealCrypto, Map<string, unknown>>()
const decoder = new TextDecoder()

/** @internal The secrets as a list; throws for a short or missing one. */
export function secretsOf(secret: unknown): string[] {
  const list = Array.isArray(secret) ? secret : [secret]
  if (list.length === 0 || list.some((s) => typeof s !== 'string' || s.length < 32))
    throw new InvalidArgumentError('The sealing secret must be a string of at least 32 characters.')
  return list as string[]
}

function checkPurpose(purpose: unknown): string {
  if (!purpose || typeof purpose !== 'string')
    throw new InvalidArgumentError('A sealing purpose is required.')
  return purpose
}

const isThenable = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function'

const aad = (purpose: string) => utf8(`lwa-kit/sealed-value/v1:${purpose}`)

function deriveKey(crypto: SealCrypto, secret: string): unknown {
  let cache = keyCaches.get(crypto)
  if (!cache) {
    cache = new Map()
    keyCaches.set(crypto, cache)
  }
  let key = cache.get(secret)
  if (key === undefined) {
    key = crypto.deriveKey(utf8(secret), utf8('lwa-kit sealed-value'), utf8('aes-256-gcm v1'))
    if (cache.size >= 16) cache.delete(cache.keys().next().value as string)
    cache.set(secret, key)
  }
  return key
}

/**
 * @internal Seals JSON text (checked by the caller) with the first secret until `expiresAt` (ms).
 * {@link sealValue} and `sealState` use it.
 */
export async function seal(
  json: string,
  secret: string,
  purpose: string,
  expiresAt: number,
  crypto: SealCrypto = webSealCrypto,
): Promise<string> {
  const iv = randomBytes(IV_BYTES)
  const key = deriveKey(crypto, secret)
  const encrypted = crypto.encrypt(
    isThenable(key) ? await key : key,
    iv,
    utf8(`{"e":${Math.floor(expiresAt)},"v":${json}}`),
    aad(purpose),
  )
  const sealed = isThenable(encrypted) ? await encrypted : encrypted
  const out = new Uint8Array(IV_BYTES + sealed.length)
  out.set(iv)
  out.set(sealed, IV_BYTES)
  return PREFIX + base64UrlEncode(out)
}

/**
 * @internal Opens a sealed value with any of the (checked) secrets, or says why not;
 * {@link openValue} and `openState` use it.
 */
export async function unseal<T>(
  sealed: string,
  secrets: readonly string[],
  purpose: string,
  now: number,
  crypto: SealCrypto = webSealCrypto,
): Promise<OpenedValue<T> | UnsealFailure> {
  const bytes =
    sealed.startsWith(PREFIX) && sealed.length < 8192
      ? base64UrlDecode(sealed.slice(PREFIX.length))
      : undefined
  if (!bytes || bytes.length <= IV_BYTES + 16) return 'malformed'
  const iv = bytes.subarray(0, IV_BYTES)
  const data = bytes.subarray(IV_BYTES)
  for (const secret of secrets) {
    let body: { e: unknown; v: T }
    try {
      // A synchronous cryptography (Node's) is not awaited: no promise job per step.
      const key = deriveKey(crypto, secret)
      const opened = crypto.decrypt(isThenable(key) ? await key : key, iv, data, aad(purpose))
      const plain = isThenable(opened) ? await opened : opened
      body = JSON.parse(decoder.decode(plain))
    } catch {
      continue // try the next secret
    }
    if (typeof body.e !== 'number') return 'tampered'
    return body.e > now ? { value: body.v, expiresAt: body.e } : 'expired'
  }
  return 'tampered'
}

/**
 * Seals a JSON value into one opaque, URL- and cookie-safe string that opens with the same secret
 * and purpose until `maxAgeSeconds` have passed. The value is encrypted, not only signed.
 *
 * @throws {InvalidArgumentError} for a short secret, an empty purpose, a non-positive
 * `maxAgeSeconds`, or a value JSON cannot hold.
 * @example
 * ```ts
 * const cookie = await sealValue({ userId }, { secret, maxAgeSeconds: 3600, purpose: 'my-app/session' })
 * res.setHeader('Set-Cookie', `session=${cookie}; HttpOnly; Secure; SameSite=Lax; Max-Age=3600`)
 * ```
 */
export async function sealValue(value: unknown, options: SealValueOptions): Promise<string> {
  const [secret] = secretsOf(options?.secret)
  const purpose = checkPurpose(options.purpose)
  const maxAge = options.maxAgeSeconds
  if (!Number.isFinite(maxAge) || maxAge <= 0)
    throw new InvalidArgumentError('maxAgeSeconds must be a positive number.')
  const json = JSON.stringify(value)
  if (json === undefined) throw new InvalidArgumentError('The value must be JSON.')
  return seal(
    json,
    secret as string,
    purpose,
    (options.now ?? Date.now)() + maxAge * 1000,
    options.crypto,
  )
}

/**
 * Opens a value made by {@link sealValue} with the same purpose. A missing, malformed, tampered,
 * expired value, or one sealed with another secret or for another purpose, gives `undefined`:
 * treat it as absent (e.g. not signed in).
 *
 * @throws {InvalidArgumentError} for a short secret or an empty purpose.
 * @example
 * ```ts
 * const opened = await openValue<{ userId: string }>(cookies.session, { secret, purpose: 'my-app/session' })
 * const userId = opened?.value.userId // undefined: not signed in
 * ```
 */
export async function openValue<T = unknown>(
  sealed: string | undefined | null,
  options: OpenValueOptions,
): Promise<OpenedValue<T> | undefined> {
  const secrets = secretsOf(options?.secret)
  const purpose = checkPurpose(options.purpose)
  if (typeof sealed !== 'string' || sealed.length === 0) return undefined
  const opened = await unseal<T>(
    sealed,
    secrets,
    purpose,
    (options.now ?? Date.now)(),
    options.crypto,
  )
  return typeof opened === 'string' ? undefined : opened
}
