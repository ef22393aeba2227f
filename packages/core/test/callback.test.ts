import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  AccessDeniedError,
  createLwaClient,
  isLwaError,
  LwaProtocolError,
  LwaServerError,
  MalformedResponseError,
  parseCallback,
  StateMismatchError,
  UnknownScopeError,
} from '../src/index.js'

describe('parseCallback', () => {
  it('reads a full URL, a path, a query string, URLSearchParams and a query object alike', () => {
    const expected = { code: 'ANabc', state: 's1', scope: ['profile', 'postal_code'] }
    const inputs = [
      'https://app.example/cb?code=ANabc&state=s1&scope=profile%20postal_code',
      '/cb?code=ANabc&state=s1&scope=profile+postal_code',
      '?code=ANabc&state=s1&scope=profile%20postal_code',
      'code=ANabc&state=s1&scope=profile%20postal_code',
      new URL('https://app.example/cb?code=ANabc&state=s1&scope=profile%20postal_code'),
      new URLSearchParams({ code: 'ANabc', state: 's1', scope: 'profile postal_code' }),
      { code: 'ANabc', state: 's1', scope: 'profile postal_code' },
      { code: ['ANabc'], state: 's1', scope: 'profile postal_code', other: 1 },
    ]
    for (const input of inputs) expect(parseCallback(input)).toEqual(expected)
  })

  it('turns error parameters into typed errors, error first', () => {
    const denied = () =>
      parseCallback('/cb?error=access_denied&error_description=Access%20not%20permitted.&code=x')
    expect(denied).toThrow(AccessDeniedError)
    try {
      denied()
    } catch (err) {
      expect((err as AccessDeniedError).errorDescription).toBe('Access not permitted.')
      expect((err as AccessDeniedError).error).toBe('access_denied')
    }
    expect(() => parseCallback('?error=invalid_scope')).toThrow(UnknownScopeError)
    expect(() => parseCallback('?error=server_error')).toThrow(LwaServerError)
    expect(() => parseCallback('?error=temporarily_unavailable')).toThrow(LwaServerError)
    expect(() => parseCallback('?error=unauthorized_client')).toThrow(LwaProtocolError)
  })

  it('refuses a callback without a code, with duplicates, or with a strange code', () => {
    expect(() => parseCallback('/cb?state=x')).toThrow(MalformedResponseError)
    expect(() => parseCallback('/cb?code=a&code=b')).toThrow(/more than once/)
    expect(() => parseCallback({ code: ['a', 'b'] })).toThrow(/more than once/)
    expect(() => parseCallback('/cb?code=a%20b')).toThrow(MalformedResponseError)
    expect(() => parseCallback({ code: 5 })).toThrow(MalformedResponseError)
    expect(() => parseCallback(null as unknown as string)).toThrow(MalformedResponseError)
  })

  it('never puts a token from the description into the message', () => {
    try {
      parseCallback('?error=invalid_request&error_description=bad%20Atza%7Csecret-token')
    } catch (err) {
      expect(JSON.stringify((err as LwaProtocolError).toJSON())).not.toContain('secret-token')
      expect((err as Error).message).not.toContain('secret-token')
    }
    expect.assertions(2)
  })

  it('gives a value or a typed LwaError for any input (property)', () => {
    const key = fc.constantFrom('code', 'state', 'scope', 'error', 'error_description', 'x')
    const query = fc
      .array(fc.tuple(key, fc.string()), { maxLength: 6 })
      .map((pairs) => new URLSearchParams(pairs).toString())
    const input = fc.oneof(
      fc.anything(),
      fc.string(),
      query,
      query.map((q) => `https://app.example/cb?${q}`),
      query.map((q) => new URLSearchParams(q)),
      fc.dictionary(key, fc.oneof(fc.string(), fc.array(fc.string()), fc.anything())),
    )
    fc.assert(
      fc.property(input, (value) => {
        try {
          const params = parseCallback(value as string)
          expect(typeof params.code).toBe('string')
          expect(params.code.length).toBeGreaterThan(0)
        } catch (err) {
          expect(isLwaError(err)).toBe(true)
        }
      }),
      { numRuns: 3000 },
    )
  })
})

describe('handleCallback checks before any request', () => {
  // No server listens on this port: a request would fail with a network error, so these tests
  // also prove that nothing was sent.
  const lwa = createLwaClient({
    clientId: 'amzn1.application-oa2-client.test',
    endpoints: { tokenEndpoint: 'http://127.0.0.1:9/auth/o2/token' },
    retries: 0,
  })
  const expected = {
    state: 'state-0123456789abcdef',
    codeVerifier: 'v'.repeat(43),
    redirectUri: 'http://localhost/cb',
  }

  it('refuses a state that differs, or is missing on either side', async () => {
    await expect(lwa.handleCallback('?code=AN1&state=other', expected)).rejects.toBeInstanceOf(
      StateMismatchError,
    )
    await expect(lwa.handleCallback('?code=AN1', expected)).rejects.toBeInstanceOf(
      StateMismatchError,
    )
    await expect(
      lwa.handleCallback('?code=AN1&state=x', { ...expected, state: '' }),
    ).rejects.toBeInstanceOf(StateMismatchError)
  })

  it('reports access_denied even when the state is wrong (error first)', async () => {
    await expect(
      lwa.handleCallback('?error=access_denied&state=wrong', expected),
    ).rejects.toBeInstanceOf(AccessDeniedError)
  })
})
