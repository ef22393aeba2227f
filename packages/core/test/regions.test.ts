import { describe, expect, it } from 'vitest'
import {
  createLwaClient,
  InvalidArgumentError,
  REGION_ENDPOINTS,
  type Region,
  resolveEndpoints,
  withProfileScope,
} from '../src/index.js'

describe('resolveEndpoints', () => {
  it("gives each region's endpoints, with overrides on top", () => {
    expect(resolveEndpoints()).toEqual(REGION_ENDPOINTS.NA)
    expect(resolveEndpoints('FE').authorizationEndpoint).toBe(
      'https://apac.account.amazon.com/ap/oa',
    )
    const local = resolveEndpoints('EU', { tokenEndpoint: 'http://127.0.0.1:1/auth/o2/token' })
    expect(local.tokenEndpoint).toBe('http://127.0.0.1:1/auth/o2/token')
    expect(local.profileEndpoint).toBe(REGION_ENDPOINTS.EU.profileEndpoint)
  })

  it('refuses an unknown region with a typed error naming the three, prototype keys included', () => {
    for (const region of ['XX', 'na', '', 'toString', '__proto__', 'constructor']) {
      const run = () => resolveEndpoints(region as Region)
      expect(run).toThrow(InvalidArgumentError)
      expect(run).toThrow(/use NA, EU or FE/)
      expect(() => createLwaClient({ clientId: 'c', region: region as Region })).toThrow(
        InvalidArgumentError,
      )
    }
  })
})

describe('withProfileScope', () => {
  it('puts profile first unless a profile scope is there', () => {
    expect(withProfileScope()).toEqual(['profile'])
    expect(withProfileScope('')).toEqual(['profile'])
    expect(withProfileScope([])).toEqual(['profile'])
    expect(withProfileScope('amazon_music:access')).toEqual(['profile', 'amazon_music:access'])
    expect(withProfileScope(['profile:user_id', 'postal_code'])).toEqual([
      'profile:user_id',
      'postal_code',
    ])
    expect(withProfileScope('postal_code profile postal_code')).toEqual(['postal_code', 'profile'])
  })

  it('refuses a malformed scope as normalizeScopes does', () => {
    expect(() => withProfileScope(['bad scope'])).toThrow(InvalidArgumentError)
    expect(() => withProfileScope('profile\u0000')).toThrow(InvalidArgumentError)
  })
})
