// Bench: a route behind requireLwaToken (token already verified and cached) beside the same route
// without it, with autocannon in one run, against the emulator on loopback. Reports requests per
// second and the ratio (target: at least 0.9). Run after a build: `npm run bench`.
import { createServer } from 'node:http'
import { createLwaClient } from '@lwa-kit/core'
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { requireLwaToken } from '@lwa-kit/express'
import autocannon from 'autocannon'
import express from 'express'

const DURATION = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)

const emulator = await startEmulator({ port: 0 })
const client = createLwaClient({
  clientId: DEMO.webClientId,
  clientSecret: DEMO.webClientSecret,
  endpoints: emulator.endpoints,
})
const request = await client.authorizationUrl({
  scope: 'profile',
  redirectUri: DEMO.returnUrls.expressDemo,
})
const { location } = emulator.authorize({
  ...Object.fromEntries(new URL(request.url).searchParams),
  user_id: DEMO.users.alice.userId,
})
const tokens = await client.handleCallback(location, request)

const app = express()
const payload = { ok: true, items: [1, 2, 3] }
app.get('/bare', (_req, res) => res.json(payload))
app.get(
  '/protected',
  requireLwaToken({ clientId: DEMO.webClientId, endpoints: emulator.endpoints }),
  (_req, res) => res.json(payload),
)
const server = createServer(app)
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${server.address().port}`
const headers = { authorization: `Bearer ${tokens.accessToken}` }

const warm = await fetch(`${base}/protected`, { headers })
if (warm.status !== 200) throw new Error(`protected route answered ${warm.status}`)
emulator.clearRequests()

const run = (path) =>
  autocannon({ url: `${base}${path}`, connections: CONNECTIONS, duration: DURATION, headers })
// Warm both routes up (JIT) before measuring.
await autocannon({ url: `${base}/bare`, connections: CONNECTIONS, duration: 1, headers })
await autocannon({ url: `${base}/protected`, connections: CONNECTIONS, duration: 1, headers })
const results = { bare: [], protected: [] }
for (let round = 0; round < ROUNDS; round++) {
  // Alternate the order so neither route always runs on a warmer process.
  const order = round % 2 === 0 ? ['bare', 'protected'] : ['protected', 'bare']
  for (const name of order) {
    const result = await run(`/${name}`)
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`)
    results[name].push(result.requests.average)
  }
}
const tokenInfoCalls = emulator.requests().filter((r) => r.endpoint === 'tokeninfo').length
const mean = (list) => list.reduce((a, b) => a + b, 0) / list.length
const bare = mean(results.bare)
const protectedRps = mean(results.protected)
console.log(
  `requireLwaToken bench (${ROUNDS}×${DURATION}s per route, ${CONNECTIONS} connections, Node ${process.version})`,
)
console.log(`  bare route:       ${bare.toFixed(0)} req/s`)
console.log(
  `  requireLwaToken:  ${protectedRps.toFixed(0)} req/s (token info calls during the run: ${tokenInfoCalls})`,
)
console.log(`  ratio:            ${(protectedRps / bare).toFixed(3)} (target ≥ 0.9)`)

server.closeAllConnections()
server.close()
await emulator.close()
