/**
 * Where a device-linking page may send the user: the code pair's `verification_uri`, accepted only
 * as https (plain http only on a loopback host, for a local emulator). A `javascript:` or `data:`
 * URI from a compromised or spoofed answer never reaches an `<a href>`.
 *
 * @module
 */
import { MalformedResponseError } from '../errors.js'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * Whether a `verification_uri` is safe to show as a link: https, or http on a loopback host.
 *
 * @example
 * ```ts
 * isSafeVerificationUri('https://amazon.com/us/code') // true
 * isSafeVerificationUri('javascript:alert(1)')       // false
 * ```
 */
export function isSafeVerificationUri(uri: unknown): uri is string {
  if (typeof uri !== 'string' || uri.length > 2048) return false
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return false
  }
  if (url.username || url.password) return false
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))
}

/**
 * The `verification_uri` when {@link isSafeVerificationUri}, else a `MalformedResponseError` (the
 * code pair answer is not one LWA would give).
 *
 * @throws {MalformedResponseError} for any other URI.
 * @example
 * ```ts
 * const link = checkVerificationUri(pair.verificationUri)
 * ```
 */
export function checkVerificationUri(uri: unknown): string {
  if (!isSafeVerificationUri(uri))
    throw new MalformedResponseError('codepair', 'verification_uri is not an https URL')
  return uri
}
