/**
 * Encryption at rest of token sets: AES-256-GCM under app keys with ids, so keys can rotate (the
 * first key encrypts, any configured key decrypts).
 *
 * @module
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { TokenSet } from '@lwa-kit/core'

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

const VERSION = 'v1'
const ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/

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
  readonly #current: string

  constructor(keys: readonly EncryptionKey[]) {
    if (!Array.isArray(keys) || keys.length === 0)
      throw new TypeError('RedisTokenStore needs at least one encryption key.')
    for (const key of keys) {
      if (this.#keys.has(key.id)) throw new TypeError(`Encryption key id "${key.id}" is repeated.`)
      this.#keys.set(key.id, keyBytes(key))
    }
    this.#current = keys[0]!.id
  }

  /** `v1.<key id>.<iv>.<ciphertext + tag>`, bound to `context` (the logical key). */
  seal(tokens: TokenSet, context: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(this.#current)!, iv)
    cipher.setAAD(Buffer.from(`${VERSION}.${this.#current}.${context}`))
    const body = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()])
    const sealed = Buffer.concat([body, cipher.getAuthTag()])
    return `${VERSION}.${this.#current}.${iv.toString('base64url')}.${sealed.toString('base64url')}`
  }

  open(value: string, context: string): TokenSet {
    const parts = value.split('.')
    if (parts.length !== 4 || parts[0] !== VERSION)
      throw new TokenDecryptionError('The stored value is not a sealed token set.')
    const [, keyId, ivText, sealedText] = parts as [string, string, string, string]
    const key = this.#keys.get(keyId)
    if (!key)
      throw new TokenDecryptionError(
        `The stored tokens were encrypted with key "${keyId}", which is not configured; keep old keys until their values are rewritten.`,
        keyId,
      )
    try {
      const sealed = Buffer.from(sealedText, 'base64url')
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'))
      decipher.setAAD(Buffer.from(`${VERSION}.${keyId}.${context}`))
      decipher.setAuthTag(sealed.subarray(sealed.length - 16))
      const text = Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - 16)),
        decipher.final(),
      ]).toString('utf8')
      return JSON.parse(text) as TokenSet
    } catch (err) {
      throw new TokenDecryptionError(
        'The stored tokens could not be decrypted: the value was changed or belongs to another key.',
        keyId,
        err,
      )
    }
  }
}
