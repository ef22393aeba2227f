// An access token of the emulator's demo web client for Alice, through a real sign-in with core's
// client (authorization URL, the emulator's approval, code exchange). No test runner needed, so
// benches use it too.
import { createLwaClient } from '@lwa-kit/core'
import { DEMO } from '@lwa-kit/emulator'

/** An access token of the NA web client (or the EU one: a token of another client). */
export async function issueToken(emulator, region = 'NA') {
  const client =
    region === 'EU'
      ? { clientId: DEMO.euWebClientId, clientSecret: DEMO.euWebClientSecret }
      : { clientId: DEMO.webClientId, clientSecret: DEMO.webClientSecret }
  const lwa = createLwaClient({ ...client, region, endpoints: emulator.endpointsFor(region) })
  const request = await lwa.authorizationUrl({
    scope: 'profile',
    redirectUri: DEMO.returnUrls.expressDemo,
  })
  const params = Object.fromEntries(new URL(request.url).searchParams)
  const { location } = emulator.authorize({ ...params, region, user_id: DEMO.users.alice.userId })
  return (await lwa.handleCallback(location, request)).accessToken
}
