import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  alexaAll,
  buildScope,
  essential,
  InvalidArgumentError,
  isLwaError,
  mergeScopeData,
  musicAndAlexa,
  normalizeScopes,
  scopes,
  voluntary,
} from '../src/index.js'

describe('scope constants', () => {
  it('name the LWA, Alexa and Amazon Music scopes', () => {
    expect([scopes.profile, scopes.profileUserId, scopes.postalCode, scopes.alexaAll]).toEqual([
      'profile',
      'profile:user_id',
      'postal_code',
      'alexa:all',
    ])
    expect(Object.values(scopes.music).sort()).toEqual(
      [
        'amazon_music:access',
        'music::catalog',
        'music::favorites',
        'music::favorites:read',
        'music::history',
        'music::library',
        'music::library:read',
        'music::playback',
        'music::profile',
        'music::profile:read',
        'music::recommendation',
      ].sort(),
    )
  })
})

describe('buildScope', () => {
  it('joins with spaces and removes duplicates', () => {
    expect(buildScope([scopes.profile, scopes.postalCode, scopes.profile])).toEqual({
      scope: 'profile postal_code',
    })
    expect(buildScope('profile   postal_code profile').scope).toBe('profile postal_code')
  })

  it('refuses no scope, commas, whitespace and control characters before anything is sent', () => {
    for (const bad of [
      [],
      '',
      '   ',
      ['profile,postal_code'],
      'profile,postal_code',
      ['profile postal_code'],
      ['profile\tx'],
      'profile\npostal_code',
      ['pro\u0000file'],
      ['prof"ile'],
      ['prof\\ile'],
      ['profilé'],
      [''],
      [42 as unknown as string],
    ]) {
      expect(() => buildScope(bad as string[]), JSON.stringify(bad)).toThrow(InvalidArgumentError)
    }
  })

  it('says to use spaces when it meets a comma', () => {
    expect(() => buildScope('profile,postal_code')).toThrow(/spaces/)
  })

  it('merges essential and voluntary flags into compact scope_data', () => {
    const built = buildScope(
      [scopes.profile, scopes.postalCode],
      mergeScopeData(essential(scopes.profile), voluntary(scopes.postalCode)),
    )
    expect(built.scopeData).toBe('{"profile":{"essential":true},"postal_code":{"essential":false}}')
  })

  it('refuses scope_data for a scope not requested', () => {
    expect(() => buildScope([scopes.profile], essential(scopes.postalCode))).toThrow(
      /not among the requested scopes/,
    )
  })

  it('builds alexa:all with its device data, and refuses alexa:all without it', () => {
    const alexa = alexaAll({ productId: 'MyProduct', deviceSerialNumber: 'DSN-1' })
    expect(buildScope(alexa.scope, alexa.scopeData)).toEqual({
      scope: 'alexa:all',
      scopeData:
        '{"alexa:all":{"productID":"MyProduct","productInstanceAttributes":{"deviceSerialNumber":"DSN-1"}}}',
    })
    expect(() => buildScope([scopes.alexaAll])).toThrow(/productID/)
    expect(() => alexaAll({ productId: '', deviceSerialNumber: 'x' })).toThrow(InvalidArgumentError)
  })

  it('asks Amazon Music and Alexa together in one call', () => {
    const both = musicAndAlexa({ productId: 'Speaker', deviceSerialNumber: 'SN1' })
    const built = buildScope(both.scope, both.scopeData)
    expect(built.scope).toBe('amazon_music:access alexa:all')
    expect(JSON.parse(built.scopeData ?? '')).toEqual({
      'amazon_music:access': {
        productID: 'Speaker',
        productInstanceAttributes: { deviceSerialNumber: 'SN1' },
      },
      'alexa:all': {
        productID: 'Speaker',
        productInstanceAttributes: { deviceSerialNumber: 'SN1' },
      },
    })
    // flags merge with device data
    const flagged = buildScope(both.scope, mergeScopeData(both.scopeData, essential('alexa:all')))
    expect(JSON.parse(flagged.scopeData ?? '')['alexa:all'].essential).toBe(true)
    expect(JSON.parse(flagged.scopeData ?? '')['alexa:all'].productID).toBe('Speaker')
  })

  it('never lets __proto__ in scope_data pollute objects', () => {
    const data = JSON.parse('{"profile":{"__proto__":{"polluted":true}}}')
    buildScope(['profile'], data)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('gives a value or a typed LwaError for any input (property)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (scope, data) => {
        try {
          const built = buildScope(scope as string, data as Record<string, unknown>)
          expect(typeof built.scope).toBe('string')
          expect(built.scope.length).toBeGreaterThan(0)
          expect(built.scope).not.toMatch(/,|\s\s|^\s|\s$/)
          if (built.scopeData !== undefined) JSON.parse(built.scopeData)
        } catch (err) {
          expect(isLwaError(err)).toBe(true)
          expect(err).toBeInstanceOf(InvalidArgumentError)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('keeps every valid scope once, in order (property)', () => {
    const scopeToken = fc.stringMatching(/^[a-z:_]{1,20}$/)
    fc.assert(
      fc.property(fc.array(scopeToken, { minLength: 1, maxLength: 12 }), (list) => {
        expect(normalizeScopes(list)).toEqual([...new Set(list)])
        expect(buildScope(list.join(' ')).scope).toBe([...new Set(list)].join(' '))
      }),
    )
  })
})
