import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  checkStateChanging,
  checkVerificationUri,
  clearCookie,
  cookieName,
  describeError,
  failureAnswer,
  isAccessTokenShape,
  isCrossSite,
  isSafeVerificationUri,
  LwaErrorCode,
  LwaServerError,
  MusicApiError,
  parseAuthorization,
  parseCookies,
  readCookie,
  serializeCookie,
  tokenHash,
  WebErrorCode,
  type WebRequest,
} from '../src/index.js'

const nodeHash = (text: string) => createHash('sha256').update(text).digest('base64url')
const token68 = fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,300}=*$/)

describe('tokenHash', () => {
  it('is SHA-256 base64url, the same as node:crypto for any string', () => {
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'é😀'])
      expect(tokenHash(text)).toBe(nodeHash(text))
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(tokenHash(text)).toBe(nodeHash(text))
      }),
      { numRuns: 150 },
    )
  })
})

describe('parseAuthorization', () => {
  it('reads one bearer token, any case of the scheme, one or more spaces', () => {
    expect(parseAuthorization('Bearer Atza|abc')).toEqual({ kind: 'bearer', token: 'Atza|abc' })
    expect(parseAuthorization(['bearer   Atza|abc  '])).toEqual({
      kind: 'bearer',
      token: 'Atza|abc',
    })
    expect(parseAuthorization('BEARER x')).toEqual({ kind: 'bearer', token: 'x' })
  })

  it('tells no credentials from malformed ones', () => {
    expect(parseAuthorization(undefined)).toEqual({ kind: 'missing' })
    expect(parseAuthorization([])).toEqual({ kind: 'missing' })
    expect(parseAuthorization('')).toEqual({ kind: 'missing' })
    expect(parseAuthorization('Basic dXNlcjpwYXNz')).toEqual({ kind: 'missing' })
    expect(parseAuthorization(['Bearer a', 'Bearer a'])).toMatchObject({ reason: 'repeated' })
    expect(parseAuthorization('Bearer a, Bearer b')).toMatchObject({ kind: 'malformed' })
    expect(parseAuthorization('Bearer')).toMatchObject({ kind: 'malformed' })
    expect(parseAuthorization('Bearer a b')).toMatchObject({ kind: 'malformed' })
    expect(parseAuthorization('Bearer\ta')).toMatchObject({ kind: 'malformed' })
    expect(parseAuthorization(`Bearer ${'a'.repeat(5000)}`)).toMatchObject({ reason: 'oversized' })
    expect(parseAuthorization('"Bearer" a')).toMatchObject({ kind: 'malformed' })
  })

  it('never throws, and finds a token only in exactly one header', () => {
    const value = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary' }))
    fc.assert(
      fc.property(
        fc.oneof(value, fc.array(value, { maxLength: 4 }), fc.constant(undefined)),
        (v) => {
          const parsed = parseAuthorization(v)
          if (parsed.kind === 'bearer') {
            const one = typeof v === 'string' ? v : (v as string[])[0]
            expect(Array.isArray(v) ? v.length : 1).toBe(1)
            expect(one?.trim().slice(7).trim()).toBe(parsed.token)
            expect(parsed.token).not.toMatch(/[\s,]/)
          }
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('round-trips any token68', () => {
    fc.assert(
      fc.property(token68, fc.constantFrom('Bearer', 'bearer', 'BeArEr'), (token, scheme) => {
        expect(parseAuthorization(`${scheme} ${token}`)).toEqual({ kind: 'bearer', token })
        expect(parseAuthorization([`${scheme} ${token}`, `${scheme} ${token}`]).kind).toBe(
          'malformed',
        )
      }),
    )
  })
})

describe('isAccessTokenShape', () => {
  it('accepts Atza| tokens only, up to 2048 characters', () => {
    expect(isAccessTokenShape(`Atza|${'A'.repeat(360)}`)).toBe(true)
    expect(isAccessTokenShape('Atza|IQEBLjAsAhRmHjNgHpi0U-Dme37rR6CuUpSREXAMPLE')).toBe(true)
    for (const bad of [
      '',
      'Atza|',
      'Atzr|abc',
      'atza|abc',
      'not-a-token',
      `Atza|${'a'.repeat(2044)}`,
    ])
      expect(isAccessTokenShape(bad), bad.slice(0, 20)).toBe(false)
    for (const bad of ['Atza|a b', 'Atza|a,b', 'Atza|a"b', 'Atza|a;b', 'Atza|a\\b', 'Atza|é'])
      expect(isAccessTokenShape(bad), bad).toBe(false)
    expect(isAccessTokenShape(42)).toBe(false)
  })

  it('never accepts whitespace, control characters or non-ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (tail) => {
        if (isAccessTokenShape(`Atza|${tail}`)) expect(tail).toMatch(/^[\x21-\x7E]+$/)
      }),
    )
  })
})

const request = (headers: WebRequest['headers'], secure = false, method = 'POST'): WebRequest => ({
  method,
  url: '/auth/amazon/logout',
  headers,
  secure,
})

describe('cookies', () => {
  it('writes HttpOnly, SameSite=Lax, Path=/; Secure and __Host- behind https', () => {
    expect(serializeCookie('lwa_state', 'v1.abc', { maxAgeSeconds: 600, secure: false })).toBe(
      'lwa_state=v1.abc; Path=/; Max-Age=600; HttpOnly; SameSite=Lax',
    )
    expect(serializeCookie('lwa_state', 'v1.abc', { maxAgeSeconds: 600, secure: true })).toBe(
      '__Host-lwa_state=v1.abc; Path=/; Max-Age=600; HttpOnly; SameSite=Lax; Secure',
    )
    expect(clearCookie('lwa_state', true)).toBe(
      '__Host-lwa_state=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax; Secure',
    )
    expect(() => serializeCookie('a b', 'x', { maxAgeSeconds: 1, secure: false })).toThrow()
    expect(() => serializeCookie('__Host-a', 'x', { maxAgeSeconds: 1, secure: false })).toThrow()
    expect(() =>
      serializeCookie('a', 'x; Domain=evil', { maxAgeSeconds: 1, secure: false }),
    ).toThrow()
    expect(cookieName('s', true)).toBe('__Host-s')
  })

  it('reads the __Host- cookie behind https only, and the plain one otherwise', () => {
    const headers = { cookie: 'lwa_state=plain; __Host-lwa_state=secure' }
    expect(readCookie(request(headers, true), 'lwa_state')).toBe('secure')
    expect(readCookie(request(headers, false), 'lwa_state')).toBe('plain')
    expect(readCookie(request({ cookie: 'lwa_state=plain' }, true), 'lwa_state')).toBeUndefined()
    expect(readCookie(request({ cookie: ['a=1', 'lwa_state=x'] }), 'lwa_state')).toBe('x')
    expect(readCookie(request({}), 'lwa_state')).toBeUndefined()
  })

  it('parses first-wins, skips malformed pairs, and never throws', () => {
    const parsed = parseCookies('a=1; a=2; =x; b; c="q"; __proto__=p; d=%ZZ; e=x y')
    expect(parsed.get('a')).toBe('1')
    expect(parsed.get('c')).toBe('q')
    expect(parsed.get('__proto__')).toBe('p')
    expect(parsed.get('d')).toBe('%ZZ')
    expect(parsed.has('e')).toBe(false)
    expect(parsed.has('b')).toBe(false)
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (header) => {
        for (const [name, value] of parseCookies(header)) {
          expect(name).toMatch(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/)
          expect(value).not.toMatch(/[\s;,"\\]/)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('reads one cookie as parsing them all would (first valid pair wins, the 100-cookie cap)', () => {
    const asParsed = (header: string | string[], wire: string) => {
      const value = parseCookies(header).get(wire)
      return value === '' ? undefined : value
    }
    const names = ['s', '__Host-s', ' s', 's ', 'x', 'ss', '_s']
    const values = ['1', '', '"q"', '"', 'a b', 'v;', 'bad"', '==', ' v ', 'ok']
    const pair = fc
      .tuple(fc.constantFrom(...names), fc.constantFrom('=', ''), fc.constantFrom(...values))
      .map(([n, eq, v]) => `${n}${eq}${v}`)
    const header = fc.oneof(
      fc.array(pair, { maxLength: 8 }).map((list) => list.join(';')),
      fc.array(pair, { maxLength: 8 }).map((list) => list.join('; ')),
      fc.string({ unit: 'binary', maxLength: 200 }),
    )
    fc.assert(
      fc.property(header, fc.boolean(), (text, secure) => {
        const wire = secure ? '__Host-s' : 's'
        expect(readCookie(request({ cookie: text }, secure), 's')).toBe(asParsed(text, wire))
      }),
      { numRuns: 2000 },
    )
    // Past 100 pairs only the first 100 distinct cookies count, as parseCookies counts them.
    const many = (n: number, dup: boolean) =>
      `${Array.from({ length: n }, (_, i) => `c${dup ? i % 50 : i}=1`).join('; ')}; s=late`
    for (const text of [many(99, false), many(100, false), many(150, true), many(120, false)])
      expect(readCookie(request({ cookie: text }), 's')).toBe(asParsed(text, 's'))
    expect(readCookie(request({ cookie: many(99, false) }), 's')).toBe('late')
    expect(readCookie(request({ cookie: many(100, false) }), 's')).toBeUndefined()
    expect(readCookie(request({ cookie: many(150, true) }), 's')).toBe('late')
    // Past 16 KiB nothing is read.
    expect(readCookie(request({ cookie: `a=${'x'.repeat(16_400)}; s=1` }), 's')).toBeUndefined()
    expect(readCookie(request({ cookie: ['a=1', 's=2', 's=3'] }), 's')).toBe('2')
  })

  it('round-trips any cookie-safe value', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9._~-]{1,200}$/)
    fc.assert(
      fc.property(value, fc.boolean(), (v, secure) => {
        const line = serializeCookie('lwa_session', v, { maxAgeSeconds: 60, secure })
        const pair = line.split(';')[0] as string
        expect(readCookie(request({ cookie: `x=1; ${pair}` }, secure), 'lwa_session')).toBe(v)
      }),
    )
  })
})

describe('the error table', () => {
  it('has a status and message for every core error code', () => {
    for (const code of Object.values(LwaErrorCode)) {
      const failure = describeError(Object.assign(new Error('x'), { code }))
      expect(failure.code).toBe(code)
      expect(failure.status).toBeGreaterThanOrEqual(400)
      expect(failure.status).toBeLessThan(600)
    }
    expect(describeError(new Error('db down at 10.0.0.1'))).toMatchObject({
      status: 500,
      code: WebErrorCode.Internal,
      message: 'Signing in with Amazon failed.',
    })
    expect(describeError(new LwaServerError('token', { status: 500 })).status).toBe(502)
    expect(describeError(new MusicApiError('x', { status: 429 })).status).toBe(429)
    expect(describeError(new MusicApiError('x', { status: 500 })).status).toBe(502)
  })

  it('answers JSON or an escaped HTML page, never cached, never with a stack', () => {
    const failure = { status: 400, code: WebErrorCode.StateMismatch, message: '<b>x</b>' }
    const json = failureAnswer(failure)
    expect(JSON.parse(json.body as string)).toEqual({
      error: 'LWA_STATE_MISMATCH',
      message: '<b>x</b>',
    })
    expect(json.headers).toContainEqual(['cache-control', 'no-store'])
    expect(json.headers).toContainEqual(['referrer-policy', 'no-referrer'])
    const html = failureAnswer(failure, { html: true, retryUrl: '/login?a="b"' })
    expect(html.body).toContain('&lt;b&gt;x&lt;/b&gt;')
    expect(html.body).toContain('href="/login?a=&quot;b&quot;"')
    expect(html.body).not.toContain('<b>x')
  })
})

describe('the CSRF rule', () => {
  it('answers POST only', () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']) {
      const answer = checkStateChanging(request({}, false, method))
      expect(answer?.status).toBe(405)
      expect(answer?.headers).toContainEqual(['allow', 'POST'])
    }
    expect(checkStateChanging(request({}))).toBeUndefined()
  })

  it('refuses a request another site made', () => {
    const host = { host: 'app.example' }
    const cases: [WebRequest['headers'], boolean][] = [
      [{ ...host, 'sec-fetch-site': 'cross-site' }, true],
      [{ ...host, 'sec-fetch-site': 'same-site' }, true],
      [{ ...host, 'sec-fetch-site': ['same-origin', 'cross-site'] }, true],
      [{ ...host, 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' }, false],
      [{ ...host, 'sec-fetch-site': 'none' }, false],
      [{ ...host, origin: 'https://evil.example' }, true],
      [{ ...host, origin: 'null' }, true],
      [{ ...host, origin: 'http://app.example' }, true], // the page is https
      [{ ...host, origin: 'https://app.example' }, false],
      [{ ...host, origin: 'https://APP.example' }, false],
      [host, false],
    ]
    for (const [headers, cross] of cases) {
      expect(isCrossSite(request(headers, true)), JSON.stringify(headers)).toBe(cross)
      expect(checkStateChanging(request(headers, true))?.status ?? 200).toBe(cross ? 403 : 200)
    }
    expect(
      isCrossSite(request({ host: 'a', origin: 'https://b.example' }, true), {
        allowedOrigins: ['https://b.example'],
      }),
    ).toBe(false)
  })

  it('never lets an arbitrary Origin through unless it is this one', () => {
    fc.assert(
      fc.property(fc.webUrl(), (url) => {
        const origin = new URL(url).origin
        const same = origin === 'https://app.example'
        expect(isCrossSite(request({ host: 'app.example', origin }, true))).toBe(!same)
      }),
    )
  })
})

describe('isSafeVerificationUri', () => {
  it('accepts https, and http on loopback only', () => {
    for (const ok of [
      'https://amazon.com/us/code',
      'https://www.amazon.co.jp/code',
      'http://127.0.0.1:4000/code',
      'http://localhost/code',
      'http://[::1]:9/code',
    ])
      expect(isSafeVerificationUri(ok), ok).toBe(true)
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      'http://amazon.com/code',
      'ftp://amazon.com',
      'https://user:pw@amazon.com/code',
      '//amazon.com/code',
      '',
      'http://127.0.0.1.evil.example/code',
    ])
      expect(isSafeVerificationUri(bad), bad).toBe(false)
    expect(() => checkVerificationUri('javascript:alert(1)')).toThrow(/verification_uri/)
  })

  it('never accepts a scheme other than https and http', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        if (isSafeVerificationUri(text)) expect(new URL(text).protocol).toMatch(/^https?:$/)
      }),
    )
  })
})
