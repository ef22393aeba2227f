// The README's store against a real redis-server (Debian's, on a free loopback port) and the
// emulator: a signed-in user's tokens are sealed in Redis and refreshed once after expiry.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createLwaClient } from '@lwa-kit/core'
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { createTokens } from './dist/store.js'

const testing = (file) => pathToFileURL(join(process.env.LWA_REPO_ROOT, 'tools/testing', file)).href
const { startRedisServer } = await import(testing('redis-server.mjs'))

const REDIRECT_URI = 'http://localhost:3000/auth/amazon/callback'
const emulator = await startEmulator({ port: 0 })
const server = await startRedisServer()
let redis
try {
  const settings = {
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
    redisUrl: server.url,
    tokenKey: randomBytes(32).toString('base64'),
  }
  const made = createTokens(settings)
  redis = made.redis
  const { tokens, store } = made

  const lwa = createLwaClient(settings)
  const { url, state, codeVerifier } = await lwa.authorizationUrl({
    scope: 'profile',
    redirectUri: REDIRECT_URI,
  })
  const { location } = emulator.authorize({
    ...Object.fromEntries(new URL(url).searchParams),
    user_id: DEMO.users.alice.userId,
    decision: 'allow',
  })
  const signedIn = await lwa.handleCallback(location, {
    state,
    codeVerifier,
    redirectUri: REDIRECT_URI,
  })
  const userId = DEMO.users.alice.userId
  await tokens.setTokens(userId, signedIn)

  const raw = await redis.get(store.tokensKey(userId))
  assert.ok(raw, 'nothing stored in Redis')
  assert.ok(!raw.includes('Atza|') && !raw.includes('Atzr|'), 'a token is stored in clear')
  assert.equal(await tokens.getAccessToken(userId), signedIn.accessToken)

  // One minute left, inside the manager's head start: the next callers refresh, once.
  await tokens.setTokens(userId, { ...signedIn, expiresAt: Date.now() + 60_000 })
  emulator.clearRequests()
  const callers = await Promise.all(Array.from({ length: 20 }, () => tokens.getAccessToken(userId)))
  assert.equal(new Set(callers).size, 1)
  assert.notEqual(callers[0], signedIn.accessToken)
  const refreshes = emulator.requests().filter((r) => r.grant_type === 'refresh_token').length
  assert.equal(refreshes, 1, `${refreshes} refreshes for 20 callers`)
} finally {
  redis?.disconnect()
  await server.stop()
  await emulator.close()
}
const ioredis = installed('ioredis')
console.log(
  `consumer ok: ioredis ${ioredis.version}, Node ${process.versions.node} (sealed in Redis, 20 callers → 1 refresh)`,
)

/** The version of an installed package, from its package.json. */
function installed(name) {
  return JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8'))
}
