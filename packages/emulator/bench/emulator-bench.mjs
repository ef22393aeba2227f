// Bench (not a test) of the emulator, on the built dist (`nx run @lwa-kit/emulator:bench` builds
// it first), each figure beside its anchor in the same run:
//  1. start-up: startEmulator({ port: 0 }) until it serves, beside a bare node:http server on
//     loopback that answers one request;
//  2. a whole web sign-in over HTTP (the /ap/oa sign-in and consent pages, the code exchange and
//     the profile: 5 requests), beside 5 requests to a bare node:http server answering small JSON.
import { createServer } from 'node:http'
import { performance } from 'node:perf_hooks'
import { recordRows } from '../../../tools/bench/rows.mjs'
import { DEMO, startEmulator } from '../dist/index.js'
import { signIn } from '../dist/testing.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40)
const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 300)
const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1]

async function bareServer() {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end('{"ok":true}')
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }
}

// 1. Start-up, interleaved.
const starts = { emulator: [], bare: [] }
for (let i = 0; i < ROUNDS + 3; i++) {
  let t = performance.now()
  const emulator = await startEmulator({ port: 0 })
  await (await fetch(`${emulator.url}/__emulator/clock`)).arrayBuffer()
  const e = performance.now() - t
  await emulator.close()
  t = performance.now()
  const bare = await bareServer()
  await (await fetch(bare.url)).arrayBuffer()
  const b = performance.now() - t
  bare.close()
  if (i >= 3) {
    starts.emulator.push(e)
    starts.bare.push(b)
  }
}

// 2. A whole sign-in over HTTP.
const emulator = await startEmulator({ port: 0 })
const bare = await bareServer()
const redirectUri = DEMO.returnUrls.expressDemo
const authorizeUrl = () => {
  const url = new URL(emulator.endpoints.authorizationEndpoint)
  url.search = new URLSearchParams({
    client_id: DEMO.webClientId,
    response_type: 'code',
    scope: 'profile',
    redirect_uri: redirectUri,
    state: 'bench-state',
  }).toString()
  return url
}
async function oneSignIn() {
  const callback = new URL(await signIn(authorizeUrl()))
  const token = await fetch(emulator.endpoints.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code'),
      redirect_uri: redirectUri,
      client_id: DEMO.webClientId,
      client_secret: DEMO.webClientSecret,
    }),
  })
  const { access_token } = await token.json()
  const profile = await fetch(emulator.endpoints.profileEndpoint, {
    headers: { authorization: `Bearer ${access_token}` },
  })
  if (!profile.ok) throw new Error(`profile answered ${profile.status}`)
  await profile.arrayBuffer()
}
async function fiveBare() {
  for (let i = 0; i < 5; i++) await (await fetch(bare.url)).arrayBuffer()
}
async function time(fn, n) {
  const t = performance.now()
  for (let i = 0; i < n; i++) await fn()
  return (performance.now() - t) / n
}
try {
  await time(oneSignIn, 30) // warm-up
  await time(fiveBare, 30)
  const signIns = { emulator: [], bare: [] }
  for (let round = 0; round < 3; round++) {
    signIns.emulator.push(await time(oneSignIn, SIGN_INS))
    signIns.bare.push(await time(fiveBare, SIGN_INS))
  }
  const startMs = median(starts.emulator)
  const bareStartMs = median(starts.bare)
  const signInMs = Math.min(...signIns.emulator)
  const bareMs = Math.min(...signIns.bare)
  console.log(`Emulator start-up, median of ${ROUNDS}: ${startMs.toFixed(1)} ms`)
  console.log(`  bare node:http server start + one request: ${bareStartMs.toFixed(1)} ms`)
  console.log(
    `A whole sign-in over HTTP (5 requests), best of 3 × ${SIGN_INS}: ${signInMs.toFixed(2)} ms`,
  )
  console.log(`  5 requests to a bare node:http server: ${bareMs.toFixed(2)} ms`)
  recordRows([
    {
      group: 'emulator',
      what: 'start-up until it serves (startEmulator, port 0)',
      ours: `${startMs.toFixed(1)} ms`,
      anchor: `${bareStartMs.toFixed(1)} ms (bare node:http server)`,
      ratio: startMs / bareStartMs,
      target: '≤ 25 ms',
      holds: startMs <= 25,
    },
    {
      group: 'emulator',
      what: 'a whole web sign-in over HTTP (pages, token, profile: 5 requests)',
      ours: `${signInMs.toFixed(2)} ms`,
      anchor: `${bareMs.toFixed(2)} ms (5 requests, bare node:http)`,
      ratio: signInMs / bareMs,
      target: '≤ 3.00× the bare requests',
      holds: signInMs / bareMs <= 3,
    },
  ])
} finally {
  bare.close()
  await emulator.close()
}
