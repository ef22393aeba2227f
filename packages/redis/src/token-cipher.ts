/**
 * Encryption at rest of token sets with core's sealing primitive (`sealValue`/`openValue`:
 * AES-256-GCM, a key derived by HKDF, the purpose in the additional data) under app keys with ids,
 * so keys can rotate (the first key encrypts, any configured key decrypts). Values written by
 * @lwa-kit/redis 0.0.0 (its own AES-256-GCM, `v1.` prefix) are still read; each write replaces
 * them with the new format.
 *
 * @module
 */
import { createDecipheriv, randomBytes } from 'node:crypto'
import { openValue, sealValue, type TokenSet } from '@lwa-kit/core'

/**
 * An AES-256 key with an id. The id is stored beside each ciphertext, so that a value written
 * under an older key can still be read after a newer key was put first.
 *
 * @example
 * ```ts
 * const key: EncryptionKey = { id: '2026-11', key: process.env.LWA_TOKEN_KEY! } // 32 bytes, base64
 * ```
 */
export interface EncryptionKey {
  /** A short id: letters, digits, `_` and `-`, at most 32 characters. */
  id: string
  /** 32 random bytes, or their base64 / base64url encoding. */
  key: Uint8Array | string
}

/**
 * The store could not read a stored value: it was written under a key id that is no longer
 * configured, or it was changed (the GCM tag does not match).
 *
 * @example
 * ```ts
 * try { await store.get(userId) } catch (err) { if (err instanceof TokenDecryptionError) alertOps(err.keyId) }
 * ```
 */
export class TokenDecryptionError extends Error {
  /** A stable code. */
  readonly code = 'LWA_TOKEN_DECRYPTION_FAILED'
  /** The key id the value names, when it could be read. */
  readonly keyId?: string
  constructor(message: string, keyId?: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause })
    this.name = 'TokenDecryptionError'
    if (keyId !== undefined) this.keyId = keyId
  }
}

/**
 * Makes a new random 256-bit key, base64-encoded, for {@link EncryptionKey}.
 *
 * @example
 * ```ts
 * console.log(generateEncryptionKey()) // put it in your secret manager as LWA_TOKEN_KEY
 * ```
 */
export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64')
}

/** The format of 0.0.0, read only: `v1.<key id>.<iv>.<ciphertext + tag>`. */
const LEGACY = 'v1'
/** Today's format: `v2.<key id>.<core sealValue output>`. */
const VERSION = 'v2'
const ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/
/** Token sets have no expiry of their own (a Redis TTL removes them, when set). */
const FOREVER_SECONDS = 100 * 365 * 24 * 3600

/** Binds a sealed set to its key id and its logical key, so it cannot be moved to another user. */
const purposeOf = (keyId: string, context: string) => `@lwa-kit/redis/tokens:${keyId}:${context}`

function keyBytes(key: EncryptionKey): Buffer {
  if (!ID_PATTERN.test(key.id ?? ''))
    throw new TypeError('An encryption key id is 1-32 letters, digits, "_" or "-".')
  const bytes =
    typeof key.key === 'string'
      ? Buffer.from(key.key.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
      : Buffer.from(key.key)
  if (bytes.length !== 32)
    throw new TypeError(`Encryption key "${key.id}" must be 32 bytes (AES-256).`)
  return bytes
}

/** Seals and opens token sets. @internal */
export class TokenCipher {
  readonly #keys = new Map<string, Buffer>()
  readonly #secrets = new Map<string, string>()
  readonly #current: string

  constructor(keys: readonly EncryptionKey[]) {
    if (!Array.isArray(keys) || keys.length === 0)
      throw new TypeError('RedisTokenStore needs at least one encryption key.')
    for (const key of keys) {
      if (this.#keys.has(key.id)) throw new TypeError(`Encryption key id "${key.id}" is repeated.`)
      const bytes = keyBytes(key)
      this.#keys.set(key.id, bytes)
      // core's secret is text: the 32 key bytes, base64url (43 characters).
      this.#secrets.set(key.id, bytes.toString('base64url'))
    }
    this.#current = keys[0]!.id
  }

  /** `v2.<key id>.<sealed>`, bound to `context` (the logical key). */
  async seal(tokens: TokenSet, context: string): Promise<string> {
    const sealed = await sealValue(tokens, {
      secret: this.#secrets.get(this.#current)!,
      purpose: purposeOf(this.#current, context),
      maxAgeSeconds: FOREVER_SECONDS,
    })
    return `${VERSION}.${this.#current}.${sealed}`
  }

  async open(value: string, context: string): Promise<TokenSet> {
    const dot = value.indexOf('.', VERSION.length + 1)
    if (value.startsWith(`${VERSION}.`) && dot > 0) {
      const keyId = value.slice(VERSION.length + 1, dot)
      const secret = this.#secrets.get(keyId)
      if (!secret) throw unknownKey(keyId)
      const opened = await openValue<TokenSet>(value.slice(dot + 1), {
        secret,
        purpose: purposeOf(keyId, context),
      })
      if (!opened) throw changed(keyId)
      return opened.value
    }
    return this.#openLegacy(value, context)
  }

  /** Reads a value written by @lwa-kit/redis 0.0.0. */
  #openLegacy(value: string, context: string): TokenSet {
    const parts = value.split('.')
    if (parts.length !== 4 || parts[0] !== LEGACY)
      throw new TokenDecryptionError('The stored value is not a sealed token set.')
    const [, keyId, ivText, sealedText] = parts as [string, string, string, string]
    const key = this.#keys.get(keyId)
    if (!key) throw unknownKey(keyId)
    try {
      const sealed = Buffer.from(sealedText, 'base64url')
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'))
      decipher.setAAD(Buffer.from(`${LEGACY}.${keyId}.${context}`))
      decipher.setAuthTag(sealed.subarray(sealed.length - 16))
      const text = Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - 16)),
        decipher.final(),
      ]).toString('utf8')
      return JSON.parse(text) as TokenSet
    } catch (err) {
      throw changed(keyId, err)
    }
  }
}

function unknownKey(keyId: string): TokenDecryptionError {
  return new TokenDecryptionError(
    `The stored tokens were encrypted with key "${keyId}", which is not configured; keep old keys until their values are rewritten.`,
    keyId,
  )
}

function changed(keyId: string, cause?: unknown): TokenDecryptionError {
  return new TokenDecryptionError(
    'The stored tokens could not be decrypted: the value was changed or belongs to another key.',
    keyId,
    cause,
  )
}
