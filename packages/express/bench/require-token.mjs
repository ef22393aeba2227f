// Bench: a route behind requireLwaToken (token already verified and cached) and a signed-in page
// behind lwaAuth (its session cookie opened on every request) beside the same route without
// either, with autocannon in one run, against the emulator on loopback. Reports requests per
// second and the ratios (targets: bearer ≥ 0.95, signed-in page ≥ 0.9). Run after a build:
// `npm run bench`.
import { createServer } from 'node:http'
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { signIn } from '@lwa-kit/emulator/testing'
import { lwaAuth, requireLwaToken } from '@lwa-kit/express'
import autocannon from 'autocannon'
import express from 'express'
import { recordRows } from '../../../tools/bench/rows.mjs'
import { issueToken } from '../../../tools/testing/tokens.mjs'

const DURATION = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)

const emulator = await startEmulator({ port: 0 })
const accessToken = await issueToken(emulator)

// The server listens first: lwaAuth needs its callback URL, port included.
const server = createServer()
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${server.address().port}`
const app = express()
const payload = { ok: true, items: [1, 2, 3] }
app.get('/bare', (_req, res) => res.json(payload))
app.use(
  '/site',
  lwaAuth({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
    redirectUri: `${base}/site/auth/amazon/callback`,
    secret: 'a-bench-secret-that-is-long-enough-0123456789',
  }),
)
app.get('/site/page', (req, res) => {
  if (!req.lwa?.user) return void res.status(401).json({ signedIn: false })
  res.json({ ...payload, user: req.lwa.user.id })
})
app.get(
  '/protected',
  requireLwaToken({ clientId: DEMO.webClientId, endpoints: emulator.endpoints }),
  (_req, res) => res.json(payload),
)
server.on('request', app)
const headers = { authorization: `Bearer ${accessToken}` }

// A browser's sign-in, for the session cookie of the signed-in page.
emulator.allowReturnUrl(`${base}/site/auth/amazon/callback`)
const login = await fetch(`${base}/site/auth/amazon/login`, { redirect: 'manual' })
const stateCookie = login.headers.getSetCookie().map((c) => c.split(';')[0])
const callback = await fetch(await signIn(login.headers.get('location')), {
  headers: { cookie: stateCookie.join('; ') },
  redirect: 'manual',
})
const sessionCookie = callback.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .filter((c) => !c.endsWith('='))
  .join('; ')
const pageHeaders = { cookie: sessionCookie }
const page = await fetch(`${base}/site/page`, { headers: pageHeaders })
if (page.status !== 200) throw new Error(`signed-in page answered ${page.status}`)

const warm = await fetch(`${base}/protected`, { headers })
if (warm.status !== 200) throw new Error(`protected route answered ${warm.status}`)
emulator.clearRequests()

const paths = { bare: '/bare', protected: '/protected', page: '/site/page' }
const run = (name, duration = DURATION) =>
  autocannon({
    url: `${base}${paths[name]}`,
    connections: CONNECTIONS,
    duration,
    headers: name === 'page' ? pageHeaders : headers,
  })
// Warm every route up (JIT) before measuring.
for (const name of Object.keys(paths)) await run(name, 1)
const results = { bare: [], protected: [], page: [] }
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order so no route always runs on a warmer process.
  const names = Object.keys(paths)
  const order = names.map((_, i) => names[(i + round) % names.length])
  for (const name of order) {
    const result = await run(name)
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
const pageRps = mean(results.page)
console.log(`  ratio:            ${(protectedRps / bare).toFixed(3)} (target ≥ 0.95)`)
console.log(
  `  lwaAuth signed-in page: ${pageRps.toFixed(0)} req/s, ratio ${(pageRps / bare).toFixed(3)} (target ≥ 0.9)`,
)
const rps = (n) => `${Math.round(n)} req/s`
recordRows([
  {
    group: 'routes',
    what: 'Express: a bearer-protected route (requireLwaToken, token cached)',
    ours: rps(protectedRps),
    anchor: `${rps(bare)} (the bare route, same app)`,
    ratio: protectedRps / bare,
    target: '≥ 0.95×',
    holds: protectedRps / bare >= 0.95,
  },
  {
    group: 'routes',
    what: 'Express: a signed-in page (lwaAuth session cookie)',
    ours: rps(pageRps),
    anchor: `${rps(bare)} (the bare route, same app)`,
    ratio: pageRps / bare,
    target: '≥ 0.90×',
    holds: pageRps / bare >= 0.9,
  },
])

server.closeAllConnections()
server.close()
await emulator.close()
