import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  codeChallengeS256,
  createPkce,
  generateCodeVerifier,
  generateState,
  InvalidArgumentError,
  isCodeVerifier,
  timingSafeEqual,
} from '../src/index.js'

describe('PKCE (RFC 7636)', () => {
  it('matches the RFC 7636 appendix B vector', async () => {
    expect(await codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    )
  })

  it('generates verifiers of 43–128 unreserved characters, all different', () => {
    const seen = new Set<string>()
    for (const length of [43, 64, 100, 128]) {
      const verifier = generateCodeVerifier(length)
      expect(verifier).toHaveLength(length)
      expect(verifier).toMatch(/^[A-Za-z0-9\-._~]+$/)
      expect(isCodeVerifier(verifier)).toBe(true)
      seen.add(verifier)
    }
    expect(seen.size).toBe(4)
    expect(() => generateCodeVerifier(42)).toThrow(InvalidArgumentError)
    expect(() => generateCodeVerifier(129)).toThrow(InvalidArgumentError)
  })

  it('refuses a verifier outside the RFC alphabet or length', async () => {
    await expect(codeChallengeS256('short')).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(codeChallengeS256(`${'a'.repeat(42)}!`)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    await expect(codeChallengeS256('a'.repeat(129))).rejects.toBeInstanceOf(InvalidArgumentError)
  })

  it('pairs a verifier with its S256 challenge', async () => {
    const pkce = await createPkce()
    expect(pkce.codeChallengeMethod).toBe('S256')
    expect(pkce.codeChallenge).toBe(await codeChallengeS256(pkce.codeVerifier))
    expect(pkce.codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })
})

describe('state', () => {
  it('has at least 128 bits, base64url, and is unique', () => {
    const a = generateState()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(generateState(16)).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(generateState()).not.toBe(a)
    expect(() => generateState(15)).toThrow(InvalidArgumentError)
  })

  it('compares in constant time and correctly', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true)
    expect(timingSafeEqual('abc', 'abd')).toBe(false)
    expect(timingSafeEqual('abc', 'abcd')).toBe(false)
    expect(timingSafeEqual('', '')).toBe(true)
    expect(timingSafeEqual('é', 'e')).toBe(false)
    expect(timingSafeEqual(undefined as unknown as string, 'a')).toBe(false)
    // Two different lone surrogates (each would encode to the same U+FFFD in UTF-8).
    expect(timingSafeEqual('\uD800', '\uD801')).toBe(false)
  })

  it('says equal exactly when the strings are', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(timingSafeEqual(a, b)).toBe(a === b)
        expect(timingSafeEqual(a, a)).toBe(true)
      }),
    )
  })
})
