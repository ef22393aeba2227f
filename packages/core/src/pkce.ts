/**
 * PKCE (RFC 7636, always S256), random `state`, and a constant-time string comparison.
 *
 * @module
 */
import { InvalidArgumentError } from './errors.js'
import { base64UrlEncode, randomBytes, sha256 } from './lib/bytes.js'

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/

/**
 * A PKCE pair for one authorization request.
 *
 * @example
 * ```ts
 * const pkce: Pkce = await createPkce()
 * ```
 */
export interface Pkce {
  /** The secret verifier, kept by the app until the code exchange. */
  codeVerifier: string
  /** `BASE64URL(SHA256(codeVerifier))`, sent in the authorization URL. */
  codeChallenge: string
  /** Always `S256` (LWA assumes `plain` when the method is absent). */
  codeChallengeMethod: 'S256'
}

/**
 * Whether a string is a valid PKCE code verifier: 43–128 characters of `[A-Za-z0-9-._~]`.
 *
 * @example
 * ```ts
 * isCodeVerifier('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk') // true
 * ```
 */
export function isCodeVerifier(value: unknown): value is string {
  return typeof value === 'string' && VERIFIER.test(value)
}

/**
 * A new random code verifier (default 64 characters, 384 bits of entropy).
 *
 * @throws {InvalidArgumentError} when `length` is outside 43–128.
 * @example
 * ```ts
 * const verifier = generateCodeVerifier() // 64 base64url characters
 * ```
 */
export function generateCodeVerifier(length = 64): string {
  if (!Number.isInteger(length) || length < 43 || length > 128)
    throw new InvalidArgumentError('A PKCE code verifier has 43 to 128 characters (RFC 7636).')
  return randomVerifier(length)
}

// The unchecked halves of generateCodeVerifier, codeChallengeS256 and generateState, for callers
// whose arguments are fixed and valid (a sign-in making its own state and verifier): an
// authorization URL then bundles none of the argument checks it can never fail.
const randomVerifier = (length: number): string =>
  base64UrlEncode(randomBytes(Math.ceil((length * 3) / 4))).slice(0, length)
const challengeOf = async (codeVerifier: string): Promise<string> =>
  base64UrlEncode(await sha256(codeVerifier))

/** A fresh 64-character verifier with its S256 challenge (what `createPkce()` returns). @internal */
export async function newPkce(): Promise<Pkce> {
  const codeVerifier = randomVerifier(64)
  return {
    codeVerifier,
    codeChallenge: await challengeOf(codeVerifier),
    codeChallengeMethod: 'S256',
  }
}

/** A fresh state of 32 random bytes (what `generateState()` returns). @internal */
export const newState = (): string => base64UrlEncode(randomBytes(32))

/**
 * The S256 code challenge of a verifier: `BASE64URL(SHA256(ASCII(verifier)))`.
 *
 * @throws {InvalidArgumentError} when the verifier is not valid per RFC 7636.
 * @example
 * ```ts
 * await codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')
 * // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 * ```
 */
export async function codeChallengeS256(codeVerifier: string): Promise<string> {
  if (!isCodeVerifier(codeVerifier))
    throw new InvalidArgumentError(
      'The PKCE code verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636).',
    )
  return challengeOf(codeVerifier)
}

/**
 * A fresh PKCE verifier and its S256 challenge.
 *
 * @example
 * ```ts
 * const { codeVerifier, codeChallenge } = await createPkce()
 * ```
 */
export async function createPkce(codeVerifier = generateCodeVerifier()): Promise<Pkce> {
  return {
    codeVerifier,
    codeChallenge: await codeChallengeS256(codeVerifier),
    codeChallengeMethod: 'S256',
  }
}

/**
 * A random, unguessable `state` value: `bytes` random bytes (default 32 = 256 bits, at least 16
 * = 128 bits), base64url-encoded.
 *
 * @throws {InvalidArgumentError} when `bytes` is below 16 or above 256.
 * @example
 * ```ts
 * const state = generateState() // 43 characters
 * ```
 */
export function generateState(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 16 || bytes > 256)
    throw new InvalidArgumentError('state needs 16 to 256 random bytes (at least 128 bits).')
  return base64UrlEncode(randomBytes(bytes))
}

/**
 * Compares two strings in time that depends only on their lengths, never on where they differ.
 * Use it for `state` and other secrets that arrive from a browser.
 *
 * @example
 * ```ts
 * if (!timingSafeEqual(params.state, expectedState)) throw new StateMismatchError()
 * ```
 */
export function timingSafeEqual(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false
  // UTF-16 code units, read in place (no encoded copies): equal exactly when the strings are.
  const length = Math.max(a.length, b.length)
  let diff = a.length ^ b.length
  for (let i = 0; i < length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
