import { describe, expect, it } from 'vitest'
import { isSafeReturnTo, safeReturnTo } from '../src/index.js'

describe('safeReturnTo', () => {
  it('keeps same-site paths', () => {
    for (const path of ['/', '/library', '/a/b?x=1&y=%2F#top', '/me/playlists?cursor=abc'])
      expect(safeReturnTo(path)).toBe(path)
  })

  it('refuses anything that can leave the site', () => {
    const evil = [
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/ /evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      'evil.example',
      '',
      ' /path',
      '/path\u0000',
      '/\u2215evil',
      `/${'a'.repeat(3000)}`,
      'http:/evil.example',
      '///evil.example',
    ]
    for (const value of evil) {
      expect(isSafeReturnTo(value), JSON.stringify(value)).toBe(false)
      expect(safeReturnTo(value)).toBe('/')
    }
    for (const value of [undefined, null, 42, ['/a'], { toString: () => '/a' }])
      expect(safeReturnTo(value)).toBe('/')
  })

  it('uses the fallback, itself checked', () => {
    expect(safeReturnTo('//evil', '/home')).toBe('/home')
    expect(safeReturnTo('//evil', '//also-evil')).toBe('/')
  })
})

describe('isSafeReturnTo, called again', () => {
  it('answers each path on its own, however often and in whatever order it comes', () => {
    const safe = ['/', '/library', '/a/b?x=1', '/%2F%2Fevil.example']
    const unsafe = ['//evil.example', '/\\evil.example', 'https://evil.example', '/ /x', '']
    for (let round = 0; round < 3; round++) {
      for (const path of safe) expect(isSafeReturnTo(path)).toBe(true)
      for (const path of unsafe) expect(isSafeReturnTo(path)).toBe(false)
      // More paths than are remembered: the first ones are checked again, with the same answer.
      for (let i = 0; i < 100; i++) expect(isSafeReturnTo(`/page/${round}/${i}`)).toBe(true)
      expect(safeReturnTo('//evil.example', '/home')).toBe('/home')
      expect(safeReturnTo('/library', '/home')).toBe('/library')
    }
  })
})
