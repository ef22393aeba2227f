// ESM consumer: import the published packages, sign in against the emulator, link a device.
import assert from 'node:assert/strict'
import { createLwaClient, isLwaError } from '@lwa-kit/core'
import { DEMO, startEmulator } from '@lwa-kit/emulator'

const REDIRECT_URI = 'http://localhost:3000/auth/amazon/callback'

assert.equal(typeof isLwaError, 'function')
const emulator = await startEmulator({ port: 0 })
try {
  const web = createLwaClient({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
  })
  const { url, state, codeVerifier } = await web.authorizationUrl({
    scope: 'profile',
    redirectUri: REDIRECT_URI,
  })
  const params = Object.fromEntries(new URL(url).searchParams)
  const { location } = await emulator.authorize({
    ...params,
    user_id: DEMO.users.alice.userId,
    decision: 'allow',
  })
  const tokens = await web.handleCallback(location, {
    state,
    codeVerifier,
    redirectUri: REDIRECT_URI,
  })
  assert.equal(tokens.tokenType, 'bearer')
  const profile = await web.profile(tokens.accessToken)
  assert.equal(profile.userId, DEMO.users.alice.userId)

  const device = createLwaClient({ clientId: DEMO.deviceClientId, endpoints: emulator.endpoints })
  const pair = await device.requestCodePair({ scope: 'profile' })
  await emulator.approveDevice({
    userCode: pair.userCode,
    userId: DEMO.users.bob.userId,
    decision: 'allow',
  })
  const linked = await device.pollCodePair(pair, { intervalMs: 50 })
  const bob = await device.profile(linked.accessToken)
  assert.equal(bob.userId, DEMO.users.bob.userId)
} finally {
  await emulator.close()
}
const extra = JSON.parse(process.env.LWA_EXTRA_PACKAGES || '[]')
for (const name of extra) {
  const keys = Object.keys(await import(name)).filter((k) => k !== 'default' && k !== '__esModule')
  assert.ok(keys.length > 0, `${name} has no exports under import`)
}
console.log(`consumer ok: esm (web sign-in + device link; ${extra.length} other packages loaded)`)
