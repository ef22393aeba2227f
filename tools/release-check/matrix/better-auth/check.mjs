// The README's Better Auth app against the emulator: a browser-like sign-in (cookies kept, consent
// decided on the emulator's control API) that ends in a Better Auth session, the user's Amazon
// Music profile, the bearer check of a mobile token, and device linking to a session.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createLwaClient } from '@lwa-kit/core'
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { startApp } from './dist/auth.js'

const testing = pathToFileURL(join(process.env.LWA_REPO_ROOT, 'tools/testing/http.mjs')).href
const { CookieJar, approveAt } = await import(testing)
const alice = DEMO.users.alice.userId

const emulator = await startEmulator({ port: 0, options: { codePairIntervalSeconds: 1 } })
let app
try {
  app = await startApp({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    deviceClientId: DEMO.deviceClientId,
    musicApiKey: DEMO.profileId,
    endpoints: emulator.endpoints,
  })
  const callback = `${app.url}/api/auth/callback/amazon`
  emulator.allowReturnUrl(callback)

  // Sign in with Amazon: Better Auth's social sign-in start, consent, callback, session.
  const jar = new CookieJar()
  const started = await jar.fetch(`${app.url}/api/auth/sign-in/social`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url },
    body: JSON.stringify({ provider: 'amazon', callbackURL: '/' }),
  })
  assert.equal(started.status, 200, await started.clone().text())
  const { url: authorizeUrl } = await started.json()
  assert.equal(new URL(authorizeUrl).searchParams.get('code_challenge_method'), 'S256')
  const back = await jar.get(approveAt(emulator, authorizeUrl))
  assert.equal(back.status, 302, await back.text())
  const session = await (await jar.get(`${app.url}/api/auth/get-session`)).json()
  assert.equal(session?.user?.name, DEMO.users.alice.name)

  const music = await jar.get(`${app.url}/music`)
  assert.equal(music.status, 200, await music.clone().text())
  assert.deepEqual(await music.json(), { id: alice })

  // A mobile app's token of this client passes the bearer check; no token is a 401.
  const lwa = createLwaClient({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
  })
  const { url, state, codeVerifier } = await lwa.authorizationUrl({
    scope: 'profile',
    redirectUri: callback,
  })
  const tokens = await lwa.handleCallback(approveAt(emulator, url), {
    state,
    codeVerifier,
    redirectUri: callback,
  })
  const info = await fetch(`${app.url}/api/auth/amazon/token-info`, {
    headers: { authorization: `Bearer ${tokens.accessToken}` },
  })
  assert.equal(info.status, 200, await info.clone().text())
  assert.equal((await info.json()).amazonUserId, alice)
  assert.equal((await fetch(`${app.url}/api/auth/amazon/token-info`)).status, 401)

  // Device linking ends in a Better Auth session for the user who entered the code.
  const device = new CookieJar()
  const post = (path) =>
    device.fetch(`${app.url}${path}`, { method: 'POST', headers: { origin: app.url } })
  const pairAnswer = await post('/api/auth/amazon/device/start')
  assert.equal(pairAnswer.status, 201, await pairAnswer.clone().text())
  const pair = await pairAnswer.json()
  emulator.approveDevice({ userCode: pair.userCode, userId: DEMO.users.bob.userId })
  // Ask as a device page does: at the answer's retryAt while pending (LWA is asked at most once
  // per interval), a bounded number of times.
  let linked = { status: 'pending', retryAt: pair.retryAt }
  for (let i = 0; i < 5 && linked.status === 'pending'; i++) {
    await new Promise((resolve) =>
      setTimeout(resolve, Date.parse(linked.retryAt) - Date.now() + 50),
    )
    linked = await (await post('/api/auth/amazon/device/status')).json()
  }
  assert.equal(linked.status, 'linked', JSON.stringify(linked))
  const deviceSession = await (await device.get(`${app.url}/api/auth/get-session`)).json()
  assert.equal(deviceSession?.user?.name, DEMO.users.bob.name)
} finally {
  await app?.close()
  await emulator.close()
}
const betterAuth = installed('better-auth')
console.log(
  `consumer ok: better-auth ${betterAuth.version}, Node ${process.versions.node} (sign-in, Music, bearer, device linking)`,
)

/** The version of an installed package, from its package.json. */
function installed(name) {
  return JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8'))
}
