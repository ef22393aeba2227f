import { DEMO } from '@lwa-kit/emulator'
import { useEmulator } from '@lwa-kit/emulator/testing'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

// One emulator for this file, reset before each test.
const lwa = useEmulator({ beforeAll, afterAll, beforeEach })
const redirectUri = DEMO.returnUrls.expressDemo // allowed in the demo configuration

it('signs in without a browser, exchanges the code, and the token expires', async () => {
  const url = `${lwa.emulator.endpoints.authorizationEndpoint}?${new URLSearchParams({
    client_id: DEMO.webClientId,
    scope: 'profile',
    response_type: 'code',
    redirect_uri: redirectUri,
    state: 'state-1',
  })}`
  const callback = new URL(await lwa.signIn(url)) // as DEMO.users.alice
  expect(callback.searchParams.get('state')).toBe('state-1')

  const tokens = await fetch(lwa.emulator.endpoints.tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: redirectUri,
      client_id: DEMO.webClientId,
      client_secret: DEMO.webClientSecret,
    }),
  })
  const { access_token } = (await tokens.json()) as { access_token: string }
  const profile = () =>
    fetch(lwa.emulator.endpoints.profileEndpoint, {
      headers: { authorization: `Bearer ${access_token}` },
    })
  expect((await profile()).status).toBe(200)

  lwa.expireAccessTokens() // the emulator clock moves past expires_in
  expect((await profile()).status).toBe(400)
})
