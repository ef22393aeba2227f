// Runs the compiled app against the emulator: sign-in through LwaAuthGuard into a LwaSessionService
// session, the Music service for the session's user, sign-out (same-site POST only, the session
// gone), and the bearer guard (a token of this client passes, none is refused).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createLwaClient } from '@lwa-kit/core'
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { startApp } from './dist/app.js'

const testing = pathToFileURL(join(process.env.LWA_REPO_ROOT, 'tools/testing/http.mjs')).href
const { CookieJar, authorizeAt } = await import(testing)

const emulator = await startEmulator({ port: 0 })
let app
try {
  const started = await startApp({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
  })
  app = started.app
  const callback = `${started.url}/auth/amazon/callback`
  emulator.allowReturnUrl(callback)

  const jar = new CookieJar()
  const alice = DEMO.users.alice.userId
  const { callbackUrl } = await authorizeAt(jar, `${started.url}/auth/amazon`, emulator, {
    userId: alice,
    decision: 'allow',
  })
  const signedIn = await jar.get(callbackUrl)
  assert.equal(signedIn.status, 303, await signedIn.text())
  assert.equal(signedIn.headers.get('location'), '/')

  const library = await jar.get(`${started.url}/library`)
  assert.equal(library.status, 200, await library.clone().text())
  const signedInLibrary = await library.json()
  assert.equal(signedInLibrary.userId, alice)
  assert.equal(signedInLibrary.me.id, alice)

  const crossSite = await jar.fetch(`${started.url}/auth/logout`, {
    method: 'POST',
    headers: { origin: 'https://evil.example' },
  })
  assert.equal(crossSite.status, 403)
  const out = await jar.fetch(`${started.url}/auth/logout`, {
    method: 'POST',
    headers: { origin: started.url },
  })
  assert.equal(out.status, 303)
  assert.deepEqual(await (await jar.get(`${started.url}/library`)).json(), { signedIn: false })

  // A bearer token of this client (signed in directly with core) passes the guard; none is a 401.
  const lwa = createLwaClient({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
  })
  const { url, state, codeVerifier } = await lwa.authorizationUrl({
    scope: 'profile',
    redirectUri: callback,
  })
  const { location } = emulator.authorize({
    ...Object.fromEntries(new URL(url).searchParams),
    user_id: DEMO.users.bob.userId,
    decision: 'allow',
  })
  const tokens = await lwa.handleCallback(location, { state, codeVerifier, redirectUri: callback })
  const me = await fetch(`${started.url}/api/me`, {
    headers: { authorization: `Bearer ${tokens.accessToken}` },
  })
  assert.equal(me.status, 200)
  assert.deepEqual(await me.json(), { userId: DEMO.users.bob.userId })
  const anonymous = await fetch(`${started.url}/api/me`)
  assert.equal(anonymous.status, 401)
  assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer/)
} finally {
  await app?.close()
  await emulator.close()
}
const nest = installed('@nestjs/core')
const guard = installed('@nestjs/passport')
console.log(
  `consumer ok: Nest ${nest.version}, @nestjs/passport ${guard.version}, Node ${process.versions.node} (sign-in, session, Music, sign-out, bearer)`,
)

/** The version of an installed package, from its package.json. */
function installed(name) {
  return JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8'))
}
