// Both Express apps against the emulator: a browser-like sign-in (cookies kept, redirects decided
// on the emulator's control API), the session it leaves, and the bearer middleware.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createLwaClient } from '@lwa-kit/core'
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { startLwaAuthApp, startPassportApp } from './dist/apps.js'

const testing = pathToFileURL(join(process.env.LWA_REPO_ROOT, 'tools/testing/http.mjs')).href
const { CookieJar, authorizeAt } = await import(testing)
const alice = DEMO.users.alice.userId

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function signIn(emulator, loginUrl) {
  const jar = new CookieJar()
  const { callbackUrl } = await authorizeAt(jar, loginUrl, emulator, {
    userId: alice,
    decision: 'allow',
  })
  const answer = await jar.get(callbackUrl)
  assert.ok([302, 303].includes(answer.status), `${answer.status} ${await answer.text()}`)
  return { jar, location: answer.headers.get('location') }
}

const emulator = await startEmulator({ port: 0 })
const started = []
try {
  const settings = {
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
  }

  const lwaApp = await startLwaAuthApp(settings, await freePort())
  started.push(lwaApp)
  emulator.allowReturnUrl(`${lwaApp.url}/auth/amazon/callback`)
  const { jar } = await signIn(emulator, `${lwaApp.url}/auth/amazon/login?returnTo=/`)
  assert.deepEqual(await (await jar.get(`${lwaApp.url}/`)).json(), { userId: alice })

  const lwa = createLwaClient(settings)
  const redirectUri = `${lwaApp.url}/auth/amazon/callback`
  const { url, state, codeVerifier } = await lwa.authorizationUrl({ scope: 'profile', redirectUri })
  const { location } = emulator.authorize({
    ...Object.fromEntries(new URL(url).searchParams),
    user_id: alice,
    decision: 'allow',
  })
  const tokens = await lwa.handleCallback(location, { state, codeVerifier, redirectUri })
  const me = await fetch(`${lwaApp.url}/api/me`, {
    headers: { authorization: `Bearer ${tokens.accessToken}` },
  })
  assert.deepEqual(await me.json(), { userId: alice })
  assert.equal((await fetch(`${lwaApp.url}/api/me`)).status, 401)

  const passportApp = await startPassportApp(settings)
  started.push(passportApp)
  emulator.allowReturnUrl(`${passportApp.url}/auth/amazon/callback`)
  const viaPassport = await signIn(emulator, `${passportApp.url}/auth/amazon`)
  assert.equal(viaPassport.location, `/?user=${encodeURIComponent(alice)}`)
} finally {
  for (const app of started) await app.close()
  await emulator.close()
}
const express = installed('express')
const passport = installed('passport')
console.log(
  `consumer ok: express ${express.version}, passport ${passport.version}, Node ${process.versions.node} (lwaAuth, requireLwaToken, AmazonStrategy)`,
)

/** The version of an installed package, from its package.json. */
function installed(name) {
  return JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8'))
}
