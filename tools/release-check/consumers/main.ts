// TypeScript consumer (compiled with moduleResolution node16 or bundler): the same flows, fully typed.
import assert from 'node:assert/strict'
import { type CodePair, createLwaClient, type LwaClient, type TokenSet } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { checkAdapters } from './adapters.js'

const REDIRECT_URI = 'http://localhost:3000/auth/amazon/callback'
const kind: string = process.env.LWA_CONSUMER_KIND ?? 'ts'

async function signIn(emulator: Emulator): Promise<void> {
  const web: LwaClient = createLwaClient({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
  })
  const { url, state, codeVerifier } = await web.authorizationUrl({
    scope: 'profile',
    redirectUri: REDIRECT_URI,
  })
  const params: Record<string, string> = Object.fromEntries(new URL(url).searchParams)
  const { location } = await emulator.authorize({
    ...params,
    user_id: DEMO.users.alice.userId,
    decision: 'allow',
  })
  const tokens: TokenSet = await web.handleCallback(location, {
    state,
    codeVerifier,
    redirectUri: REDIRECT_URI,
  })
  const profile = await web.profile(tokens.accessToken)
  assert.equal(profile.userId, DEMO.users.alice.userId)
}

async function linkDevice(emulator: Emulator): Promise<void> {
  const device = createLwaClient({ clientId: DEMO.deviceClientId, endpoints: emulator.endpoints })
  const pair: CodePair = await device.requestCodePair({ scope: 'profile' })
  await emulator.approveDevice({
    userCode: pair.userCode,
    userId: DEMO.users.bob.userId,
    decision: 'allow',
  })
  const linked: TokenSet = await device.pollCodePair(pair, { intervalMs: 50 })
  const bob = await device.profile(linked.accessToken)
  assert.equal(bob.userId, DEMO.users.bob.userId)
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ port: 0 })
  try {
    await signIn(emulator)
    await linkDevice(emulator)
  } finally {
    await emulator.close()
  }
  const adapters = checkAdapters()
  console.log(`consumer ok: ${kind} (web sign-in + device link; ${adapters} other packages loaded)`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
