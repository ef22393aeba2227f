/**
 * A sealing secret derived from a secret the app already has (its client secret), for adapters
 * whose users give no secret of their own.
 *
 * @module
 */
import { base64UrlEncode, randomBytes } from '../lib/bytes.js'
import { tokenHash } from './token-hash.js'

/**
 * A secret to seal with (43 characters), derived from `secret` and a `label` naming its use:
 * base64url(SHA-256(`label` NUL `secret`)), so every instance with the same client secret seals
 * and opens with the same key, and the key is neither the client secret nor another use's key.
 * Without `secret` it is random, which holds for one process only (a cookie sealed by one
 * instance cannot be opened by another): give a secret of its own to run several.
 *
 * @example
 * ```ts
 * const secret = deriveSecret(process.env.LWA_CLIENT_SECRET, 'lwa-kit/passport/state-cookie')
 * const signIn = createSignInTransaction({ client: lwa, secret })
 * ```
 */
export function deriveSecret(secret: string | undefined, label: string): string {
  if (!secret) return base64UrlEncode(randomBytes(32))
  return tokenHash(`${label}\0${secret}`)
}
