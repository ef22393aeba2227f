import { describe, expect, it } from 'vitest'
import { fetchProfileWithBody, portableProfile } from '../src/index.js'
import { authorizeInBrowser, DEMO, useEmulator, webClient } from './support.js'

const ctx = useEmulator()

describe('portableProfile', () => {
  it("keeps LWA's answer as received, from a real /user/profile", async () => {
    const lwa = webClient(ctx.emulator)
    const { request, callbackUrl } = await authorizeInBrowser(ctx.emulator, lwa, {
      scope: ['profile', 'postal_code'],
    })
    const tokens = await lwa.handleCallback(callbackUrl, request)
    const { profile, body, json } = await fetchProfileWithBody(lwa, tokens.accessToken)
    const portable = portableProfile(profile, { body, json })
    expect(portable).toMatchObject({
      provider: 'amazon',
      id: DEMO.users.alice.userId,
      displayName: profile.name,
      emails: [{ value: profile.email }],
      postalCode: profile.postalCode,
    })
    expect(portable._raw).toBe(body)
    expect(portable._json).toEqual(JSON.parse(body))
  })

  it("rebuilds _json and _raw from the profile's fields without an answer", () => {
    expect(
      portableProfile({ userId: 'amzn1.account.X', name: 'Ana', email: 'ana@example.com' }),
    ).toEqual({
      provider: 'amazon',
      id: 'amzn1.account.X',
      displayName: 'Ana',
      emails: [{ value: 'ana@example.com' }],
      _json: { user_id: 'amzn1.account.X', name: 'Ana', email: 'ana@example.com' },
      _raw: '{"user_id":"amzn1.account.X","name":"Ana","email":"ana@example.com"}',
    })
    // Without the profile scope: no name, no email.
    expect(portableProfile({ userId: 'amzn1.account.Y' })).toMatchObject({
      displayName: '',
      emails: [],
      _raw: '{"user_id":"amzn1.account.Y"}',
    })
  })
})
