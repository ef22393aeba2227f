/**
 * Small sealed (AES-256-GCM) JSON values for the session and device-linking cookies. The sign-in
 * state cookie uses core's `sealState`; these hold the signed-in user and a pending code pair.
 *
 * @module
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto'

const PREFIX = 'e1.'
const IV = 12
const TAG = 16

/** Seals and opens JSON values with one secret (or a list: the first seals, all open). */
export interface Sealer {
  seal(value: unknown, maxAgeSeconds: number, purpose: string): string
  open<T>(sealed: string | undefined, purpose: string): T | undefined
}

function keyOf(secret: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', secret, 'lwa-kit/express', 'aes-256-gcm cookie v1', 32) as ArrayBuffer,
  )
}

/** Creates a {@link Sealer}. */
export function createSealer(secret: string | readonly string[], now: () => number): Sealer {
  const secrets = (Array.isArray(secret) ? secret : [secret]) as string[]
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length < 32))
    throw new TypeError('lwaAuth needs a secret of at least 32 characters (LWA_COOKIE_SECRET).')
  const keys = secrets.map(keyOf)
  const aad = (purpose: string) =>
    createHash('sha256').update(`lwa-kit/express/${purpose}`).digest()
  return {
    seal(value, maxAgeSeconds, purpose) {
      const iv = randomBytes(IV)
      const cipher = createCipheriv('aes-256-gcm', keys[0] as Buffer, iv)
      cipher.setAAD(aad(purpose))
      const body = JSON.stringify({ v: value, e: now() + maxAgeSeconds * 1000 })
      const data = Buffer.concat([cipher.update(body, 'utf8'), cipher.final()])
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')
    },
    open<T>(sealed: string | undefined, purpose: string): T | undefined {
      if (!sealed?.startsWith(PREFIX) || sealed.length > 8192) return undefined
      const bytes = Buffer.from(sealed.slice(PREFIX.length), 'base64url')
      if (bytes.length <= IV + TAG) return undefined
      for (const key of keys) {
        try {
          const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV))
          decipher.setAAD(aad(purpose))
          decipher.setAuthTag(bytes.subarray(IV, IV + TAG))
          const plain = Buffer.concat([decipher.update(bytes.subarray(IV + TAG)), decipher.final()])
          const body = JSON.parse(plain.toString('utf8')) as { v: T; e: number }
          if (typeof body.e !== 'number' || body.e <= now()) return undefined
          return body.v
        } catch {
          // try the next key
        }
      }
      return undefined
    },
  }
}
