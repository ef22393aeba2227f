import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  isLwaError,
  MalformedResponseError,
  parseProfile,
  parseTokenInfo,
  parseTokenResponse,
} from '../src/index.js'

// Objects shaped like LWA answers, with every field sometimes wrong.
const loose = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
)
const tokenLike = fc.record(
  {
    access_token: fc.oneof(fc.constant('Atza|abc'), loose),
    token_type: fc.oneof(fc.constantFrom('bearer', 'Bearer', 'mac'), loose),
    expires_in: fc.oneof(fc.constantFrom(3600, '3600', 0, -1, 1.5), loose),
    refresh_token: fc.oneof(fc.constant('Atzr|def'), loose),
    scope: loose,
  },
  { requiredKeys: [] },
)

describe('parseTokenResponse', () => {
  it('reads a documented answer and keeps the refresh token when none comes back', () => {
    const tokens = parseTokenResponse(
      { access_token: 'Atza|a', token_type: 'bearer', expires_in: 3600, refresh_token: 'Atzr|r' },
      { now: 1000 },
    )
    expect(tokens).toEqual({
      accessToken: 'Atza|a',
      refreshToken: 'Atzr|r',
      tokenType: 'bearer',
      expiresAt: 1000 + 3_600_000,
      scope: [],
    })
    const again = parseTokenResponse(
      { access_token: 'Atza|b', token_type: 'bearer', expires_in: 3600 },
      { now: 0, previousRefreshToken: 'Atzr|r' },
    )
    expect(again.refreshToken).toBe('Atzr|r')
    expect(() => parseTokenResponse({ access_token: 'Atza|a' }, { now: 0 })).toThrow(
      MalformedResponseError,
    )
  })

  it('gives a TokenSet or a typed LwaError for any input (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), tokenLike), (body) => {
        let tokens: ReturnType<typeof parseTokenResponse>
        try {
          tokens = parseTokenResponse(body, { now: 0 })
        } catch (err) {
          expect(isLwaError(err)).toBe(true)
          expect(JSON.stringify(err)).not.toContain('Atza|abc')
          return
        }
        expect(tokens.accessToken.length).toBeGreaterThan(0)
        expect(tokens.tokenType).toBe('bearer')
        expect(Number.isFinite(tokens.expiresAt)).toBe(true)
        expect(tokens.expiresAt).toBeGreaterThan(0)
        expect(JSON.parse(JSON.stringify(tokens))).toEqual(tokens)
      }),
      { numRuns: 3000 },
    )
  })
})

describe('parseTokenInfo and parseProfile', () => {
  it('read the documented answers', () => {
    expect(
      parseTokenInfo(
        {
          iss: 'https://www.amazon.com',
          user_id: 'amzn1.account.K2LI23KL2LK2',
          aud: 'amzn1.oa2-client.ASFWDFBRN',
          app_id: 'amzn1.application.436457DFHDH',
          exp: 3597,
          iat: 1311280970,
        },
        1_000_000,
      ),
    ).toEqual({
      userId: 'amzn1.account.K2LI23KL2LK2',
      clientId: 'amzn1.oa2-client.ASFWDFBRN',
      appId: 'amzn1.application.436457DFHDH',
      issuer: 'https://www.amazon.com',
      expiresAt: 1_000_000 + 3_597_000,
      issuedAt: 1_311_280_970_000,
    })
    expect(
      parseProfile({ user_id: 'amzn1.account.X', name: 'John Doe', email: 'j@example.com' }, [
        'profile',
      ]),
    ).toEqual({ userId: 'amzn1.account.X', name: 'John Doe', email: 'j@example.com' })
    expect(() => parseProfile({ user_id: 'amzn1.account.X' }, ['profile'])).toThrow(
      MalformedResponseError,
    )
    expect(() => parseProfile({ user_id: 'amzn1.account.X' }, ['postal_code'])).toThrow(
      MalformedResponseError,
    )
  })

  it('give a value or a typed LwaError for any input (property)', () => {
    const infoLike = fc.record(
      {
        user_id: loose,
        aud: loose,
        app_id: loose,
        iss: loose,
        exp: loose,
        iat: loose,
        name: loose,
        email: loose,
        postal_code: loose,
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(fc.oneof(fc.anything(), infoLike), (body) => {
        for (const parse of [
          () => parseTokenInfo(body, 0),
          () => parseProfile(body, ['profile', 'postal_code']),
          () => parseProfile(body),
        ]) {
          let value: { userId: string; expiresAt?: number }
          try {
            value = parse()
          } catch (err) {
            expect(isLwaError(err)).toBe(true)
            continue
          }
          expect(typeof value.userId).toBe('string')
          if (value.expiresAt !== undefined) expect(Number.isFinite(value.expiresAt)).toBe(true)
        }
      }),
      { numRuns: 2000 },
    )
  })
})
