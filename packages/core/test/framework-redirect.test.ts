import { describe, expect, it } from 'vitest'
import { OPEN_REDIRECTS } from '../../../tools/testing/sign-in-contract.mjs'
import { safeCallbackUrl, safeRedirectUrl } from '../src/index.js'

const baseUrl = 'https://app.example'

describe('safeRedirectUrl (the redirect callback of next-auth and Auth.js)', () => {
  it('keeps a same-site path and an absolute URL on the site', () => {
    expect(safeRedirectUrl({ url: '/library?tab=1', baseUrl })).toBe(`${baseUrl}/library?tab=1`)
    expect(safeRedirectUrl({ url: `${baseUrl}/me#top`, baseUrl })).toBe(`${baseUrl}/me#top`)
    expect(safeRedirectUrl({ url: `${baseUrl}/`, baseUrl })).toBe(`${baseUrl}/`)
  })

  it(`keeps every open-redirect payload (${OPEN_REDIRECTS.length}) on the site, and never throws`, () => {
    for (const payload of OPEN_REDIRECTS) {
      const out = safeRedirectUrl({ url: payload, baseUrl })
      const target = new URL(out)
      expect(target.origin, JSON.stringify(payload)).toBe(baseUrl)
      expect(out, JSON.stringify(payload)).toMatch(/^[\x21-\x5b\x5d-\x7e]+$/)
      if (!payload.startsWith('/')) expect(out, JSON.stringify(payload)).toBe(baseUrl)
    }
  })

  it('refuses a URL on the site whose path is unsafe, another port or scheme, and non-strings', () => {
    expect(safeRedirectUrl({ url: `${baseUrl}//evil.example`, baseUrl })).toBe(baseUrl)
    expect(safeRedirectUrl({ url: `${baseUrl}/\\evil.example`, baseUrl })).toBe(baseUrl)
    expect(safeRedirectUrl({ url: `${baseUrl}/a\nb`, baseUrl })).toBe(baseUrl)
    expect(safeRedirectUrl({ url: 'https://app.example:444/x', baseUrl })).toBe(baseUrl)
    expect(safeRedirectUrl({ url: 'http://app.example/x', baseUrl })).toBe(baseUrl)
    expect(safeRedirectUrl({ url: `${baseUrl}.evil.example/x`, baseUrl })).toBe(baseUrl)
    expect(safeRedirectUrl({ url: undefined as unknown as string, baseUrl })).toBe(baseUrl)
    expect(safeRedirectUrl({ url: '/x', baseUrl: 'not a url' })).toBe('not a url/x')
  })
})

describe('safeCallbackUrl (a return target given to a framework sign-in start)', () => {
  it('keeps a same-site path and an absolute http(s) URL for the framework to check', () => {
    expect(safeCallbackUrl('/library?tab=1')).toBe('/library?tab=1')
    expect(safeCallbackUrl('https://app.example/x')).toBe('https://app.example/x')
    expect(safeCallbackUrl('HTTP://app.example')).toBe('HTTP://app.example')
  })

  it(`never keeps a payload that is not a same-site path or a plain absolute URL (${OPEN_REDIRECTS.length})`, () => {
    for (const payload of OPEN_REDIRECTS) {
      const out = safeCallbackUrl(payload, '/home')
      expect(out, JSON.stringify(payload)).toMatch(/^[\x21-\x5b\x5d-\x7e]+$/)
      if (!/^https?:\/\//i.test(payload))
        expect(out.startsWith('/') && !out.startsWith('//')).toBe(true)
    }
    expect(safeCallbackUrl('/\u3002evil.example')).toBe('/')
    expect(safeCallbackUrl('https://app.example/\u3002')).toBe('/')
    expect(safeCallbackUrl('https://app.example/a b')).toBe('/')
    expect(safeCallbackUrl(42, '//bad')).toBe('/')
  })
})
