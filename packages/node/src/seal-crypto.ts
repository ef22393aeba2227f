/**
 * Sealing on `node:crypto`: the HKDF-SHA-256 key and AES-256-GCM of core's sealed values (state
 * cookie, session cookie, sealed values), synchronous, without Web Crypto's per-call promise job
 * on the thread pool.
 *
 * @module
 */
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto'

const TAG_BYTES = 16

/**
 * The shape of core's `SealCrypto` (written out here: this package depends on no other), keyed by
 * a `Buffer`.
 *
 * @example
 * ```ts
 * const crypto: NodeSealCrypto = nodeSealCrypto
 * ```
 */
export interface NodeSealCrypto {
  /** The 32-byte AES key from the secret by HKDF-SHA-256. */
  deriveKey(secret: Uint8Array, salt: Uint8Array, info: Uint8Array): Buffer
  /** AES-256-GCM: the ciphertext followed by the 16-byte tag. */
  encrypt(key: Buffer, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array
  /** Opens `ciphertext ‖ tag`; throws when it is not authentic. */
  decrypt(key: Buffer, iv: Uint8Array, data: Uint8Array, aad: Uint8Array): Uint8Array
}

/**
 * Core's sealing (its `SealCrypto`) on `node:crypto`, the same format as core's Web Crypto
 * default (each opens what the other sealed). The Node adapters pass it as `crypto` to core's
 * sign-in transaction and web session.
 *
 * @example
 * ```ts
 * import { createSignInTransaction } from '@lwa-kit/core'
 * import { nodeSealCrypto } from '@lwa-kit/node'
 *
 * const signIn = createSignInTransaction({ client: lwa, redirectUri, secret, crypto: nodeSealCrypto })
 * ```
 */
export const nodeSealCrypto: NodeSealCrypto = {
  deriveKey: (secret, salt, info) => Buffer.from(hkdfSync('sha256', secret, salt, info, 32)),
  encrypt(key, iv, plaintext, aad) {
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
    cipher.setAAD(aad)
    const head = cipher.update(plaintext)
    const tail = cipher.final()
    return Buffer.concat([head, tail, cipher.getAuthTag()])
  },
  decrypt(key, iv, data, aad) {
    if (data.length < TAG_BYTES) throw new Error('The sealed data is too short.')
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
    decipher.setAAD(aad)
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES))
    const head = decipher.update(data.subarray(0, data.length - TAG_BYTES))
    return Buffer.concat([head, decipher.final()])
  },
}
