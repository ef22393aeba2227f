// Bench: a route behind requireLwaToken (token already verified and cached) beside the same route
// bare, and a signed-in page behind lwaAuth (its session cookie opened on every request) beside the
// same page without lwaAuth (the same answer, the same routing), with autocannon in one run,
// against the emulator on loopback. lwaAuth is mounted at the root, as its docs say, after the
// routes it does not serve. Each round runs every route once (the order rotating); a ratio is the
// median of the rounds' ratios, so that a load change between rounds moves both sides. Reports
// requests per second and the ratios (targets: bearer ≥ 0.95, signed-in page ≥ 0.9). Run after a
// build: `npm run bench`.
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
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

const emulator = await startEmulator({ port: 0 })
const accessToken = await issueToken(emulator)

// The server listens first: lwaAuth needs its callback URL, port included.
const server = createServer()
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${server.address().port}`
const app = express()
const payload = { ok: true, items: [1, 2, 3] }
const page = (res, userId) => res.json({ ...payload, user: userId })
app.get('/bare', (_req, res) => res.json(payload))
app.get(
  '/protected',
  requireLwaToken({ clientId: DEMO.webClientId, endpoints: emulator.endpoints }),
  (_req, res) => res.json(payload),
)
// The signed-in page's anchor: the same answer, no lwaAuth.
app.get('/bare-page', (_req, res) => page(res, DEMO.users.alice.userId))
app.use(
  lwaAuth({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
    redirectUri: `${base}/auth/amazon/callback`,
    secret: 'a-bench-secret-that-is-long-enough-0123456789',
  }),
)
app.get('/page', (req, res) => {
  if (!req.lwa?.user) return void res.status(401).json({ signedIn: false })
  page(res, req.lwa.user.id)
})
server.on('request', app)
const headers = { authorization: `Bearer ${accessToken}` }

// A browser's sign-in, for the session cookie of the signed-in page.
emulator.allowReturnUrl(`${base}/auth/amazon/callback`)
const login = await fetch(`${base}/auth/amazon/login`, { redirect: 'manual' })
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
const signedIn = await fetch(`${base}/page`, { headers: pageHeaders })
if (signedIn.status !== 200) throw new Error(`signed-in page answered ${signedIn.status}`)
const { user } = await signedIn.json()
if (user !== DEMO.users.alice.userId) throw new Error(`signed in as ${user}, not Alice`)

const warm = await fetch(`${base}/protected`, { headers })
if (warm.status !== 200) throw new Error(`protected route answered ${warm.status}`)
emulator.clearRequests()

const paths = { bare: '/bare', protected: '/protected', barePage: '/bare-page', page: '/page' }
const run = (name, duration = DURATION) =>
  autocannon({
    url: `${base}${paths[name]}`,
    connections: CONNECTIONS,
    duration,
    // Both pages get the same request (the session cookie); both bearer routes the same token.
    headers: name === 'page' || name === 'barePage' ? pageHeaders : headers,
  })
// Warm every route up (JIT) before measuring.
for (const name of Object.keys(paths)) await run(name, 1)
const results = { bare: [], protected: [], barePage: [], page: [] }
// The process's CPU time per request too (server and autocannon share this thread): a figure that
// time spent waiting for a core shared with other work does not move.
const cpu = { bare: [], protected: [], barePage: [], page: [] }
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order so no route always runs on a warmer process.
  const names = Object.keys(paths)
  const order = names.map((_, i) => names[(i + round) % names.length])
  for (const name of order) {
    const start = process.cpuUsage()
    const result = await run(name)
    const used = process.cpuUsage(start)
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`)
    results[name].push(result.requests.average)
    cpu[name].push((used.user + used.system) / result.requests.total)
  }
}
const tokenInfoCalls = emulator.requests().filter((r) => r.endpoint === 'tokeninfo').length
const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
// Each round's ratio (both sides measured seconds apart), then their median.
const ratioOf = (ours, anchor) => median(results[ours].map((rps, i) => rps / results[anchor][i]))
const bare = median(results.bare)
const protectedRps = median(results.protected)
const bearerRatio = ratioOf('protected', 'bare')
const barePage = median(results.barePage)
const pageRps = median(results.page)
const pageRatio = ratioOf('page', 'barePage')
// In the same sense (higher is better): the anchor's CPU per request over ours.
const cpuRatio = (ours, anchor) => median(cpu[anchor].map((us, i) => us / cpu[ours][i])).toFixed(3)
console.log(
  `requireLwaToken bench (${ROUNDS}×${DURATION}s per route, ${CONNECTIONS} connections, Node ${process.version})`,
)
console.log(`  bare route:       ${bare.toFixed(0)} req/s`)
console.log(
  `  requireLwaToken:  ${protectedRps.toFixed(0)} req/s (token info calls during the run: ${tokenInfoCalls})`,
)
console.log(
  `  ratio:            ${bearerRatio.toFixed(3)} (target ≥ 0.95; by CPU per request ${cpuRatio('protected', 'bare')})`,
)
console.log(`  page without lwaAuth:   ${barePage.toFixed(0)} req/s`)
console.log(
  `  lwaAuth signed-in page: ${pageRps.toFixed(0)} req/s, ratio ${pageRatio.toFixed(3)} (target ≥ 0.9; by CPU per request ${cpuRatio('page', 'barePage')})`,
)
console.log(
  `  rounds (req/s): ${Object.entries(results)
    .map(([name, list]) => `${name} ${list.map((n) => n.toFixed(0)).join('/')}`)
    .join(', ')}`,
)
const rps = (n) => `${Math.round(n)} req/s`
recordRows([
  {
    group: 'routes',
    what: 'Express: a bearer-protected route (requireLwaToken, token cached)',
    ours: rps(protectedRps),
    anchor: `${rps(bare)} (the bare route, same app)`,
    ratio: bearerRatio,
    target: '≥ 0.95×',
    holds: bearerRatio >= 0.95,
  },
  {
    group: 'routes',
    what: 'Express: a signed-in page (lwaAuth session cookie)',
    ours: rps(pageRps),
    anchor: `${rps(barePage)} (the same page without lwaAuth, same app)`,
    ratio: pageRatio,
    target: '≥ 0.90×',
    holds: pageRatio >= 0.9,
  },
])

server.closeAllConnections()
server.close()
await emulator.close()
