import { describe, expect, it } from 'vitest'
import { toPassportProfile } from '../src/index.js'

describe('toPassportProfile', () => {
  it("rebuilds _json and _raw from the profile's fields when no answer is given", () => {
    const profile = toPassportProfile({
      userId: 'amzn1.account.X',
      name: 'Ana',
      email: 'ana@example.com',
      postalCode: '98109',
    })
    expect(profile).toEqual({
      provider: 'amazon',
      id: 'amzn1.account.X',
      displayName: 'Ana',
      emails: [{ value: 'ana@example.com' }],
      postalCode: '98109',
      _json: {
        user_id: 'amzn1.account.X',
        name: 'Ana',
        email: 'ana@example.com',
        postal_code: '98109',
      },
      _raw: '{"user_id":"amzn1.account.X","name":"Ana","email":"ana@example.com","postal_code":"98109"}',
    })
    expect(toPassportProfile({ userId: 'amzn1.account.Y' })).toMatchObject({
      displayName: '',
      emails: [],
      _json: { user_id: 'amzn1.account.Y' },
      _raw: '{"user_id":"amzn1.account.Y"}',
    })
  })

  it('keeps the answer as received', () => {
    const body = '{ "user_id": "amzn1.account.X", "extra": 1 }'
    const profile = toPassportProfile(
      { userId: 'amzn1.account.X' },
      { body, json: JSON.parse(body) },
    )
    expect(profile._raw).toBe(body)
    expect(profile._json).toEqual({ user_id: 'amzn1.account.X', extra: 1 })
  })
})
