import { describe, expect, it } from 'vitest'
import { failureOf, failureOfCode, WebErrorCode } from '../src/index.js'

describe('failureOfCode', () => {
  it("takes every code of core's table as it is", () => {
    for (const code of Object.values(WebErrorCode))
      expect(failureOfCode(code)).toEqual(failureOf(code))
    expect(failureOfCode('LWA_ACCESS_DENIED')).toMatchObject({ status: 403 })
  })

  it('answers LWA_INTERNAL 500 for anything else, an unknown LWA_ code too', () => {
    for (const value of [
      undefined,
      null,
      42,
      {},
      '',
      'access_denied',
      'LWA_SOMETHING_NEW',
      '__proto__',
    ])
      expect(failureOfCode(value)).toEqual(failureOf(WebErrorCode.Internal))
  })
})
