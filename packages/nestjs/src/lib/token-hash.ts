/**
 * The token verifier's cache key on Node: a synchronous SHA-256 (core's default is Web Crypto's
 * asynchronous digest, which costs more on every cached request).
 *
 * @internal
 */
import { createHash } from 'node:crypto'

/** SHA-256 of the token, base64url. */
export function sha256TokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}
