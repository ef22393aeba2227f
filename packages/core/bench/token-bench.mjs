// Bench (not a test) of the token manager, on the built dist (`nx run @lwa-kit/core:bench` builds
// it first) against the emulator on loopback:
//  1. refresh requests when 10,000 callers ask for one expired key at once (target: 1);
//  2. getAccessToken on a fresh cached token, in operations per second, beside a bare Map.get in
//     the same run.
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { recordRows } from '../../../tools/bench/rows.mjs'
import { createLwaClient, createTokenManager, MemoryTokenStore } from '../dist/index.js'

const CALLERS = 10_000
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const OPS = Number(process.env.BENCH_OPS ?? 1_000_000)

const emulator = await startEmulator({ port: 0 })
try {
  const client = createLwaClient({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
  })
  const redirectUri = DEMO.returnUrls.expressDemo
  const { location } = emulator.authorize({
    client_id: DEMO.webClientId,
    response_type: 'code',
    scope: 'profile',
    redirect_uri: redirectUri,
    state: 'bench',
  })
  const tokens = await client.exchangeCode({
    code: new URL(location).searchParams.get('code'),
    redirectUri,
  })

  // 1. One expired key, 10,000 concurrent callers, memory store.
  const rows = []
  for (let round = 1; round <= ROUNDS; round++) {
    const store = new MemoryTokenStore()
    store.set('user', { ...tokens, expiresAt: Date.now() - 1000 })
    const manager = createTokenManager({ client, store })
    emulator.clearRequests()
    const started = performance.now()
    const got = await Promise.all(
      Array.from({ length: CALLERS }, () => manager.getAccessToken('user')),
    )
    const ms = performance.now() - started
    rows.push({
      round,
      refreshRequests: emulator.requests().filter((r) => r.grant_type === 'refresh_token').length,
      callersServed: got.length,
      distinctTokens: new Set(got).size,
      allServedMs: Math.round(ms),
    })
  }
  console.log(
    `${CALLERS} concurrent getAccessToken on one expired key, one process, MemoryTokenStore:`,
  )
  console.table(rows)
  console.log(
    `refresh requests per round: max ${Math.max(...rows.map((r) => r.refreshRequests))} (target 1)\n`,
  )

  // 2. The hot path: a fresh cached token.
  const store = new MemoryTokenStore()
  store.set('user', { ...tokens, expiresAt: Date.now() + 3600_000 })
  const manager = createTokenManager({ client, store })
  const map = new Map([['user', tokens.accessToken]])
  emulator.clearRequests()

  async function timeManager(n) {
    let length = 0
    const started = performance.now()
    for (let i = 0; i < n; i++) length += (await manager.getAccessToken('user')).length
    return { ms: performance.now() - started, length }
  }
  function timeMap(n) {
    let length = 0
    const started = performance.now()
    for (let i = 0; i < n; i++) length += map.get('user').length
    return { ms: performance.now() - started, length }
  }
  // The floor of any promise-returning lookup: one await of a Map.get.
  async function timeAwaitedMap(n) {
    let length = 0
    const started = performance.now()
    for (let i = 0; i < n; i++) length += (await map.get('user')).length
    return { ms: performance.now() - started, length }
  }
  await timeManager(OPS / 10) // warm-up
  timeMap(OPS)
  await timeAwaitedMap(OPS / 10)
  const results = { manager: [], map: [], awaited: [] }
  for (let i = 0; i < 3; i++) {
    results.manager.push(await timeManager(OPS))
    results.map.push(timeMap(OPS))
    results.awaited.push(await timeAwaitedMap(OPS))
  }
  const best = (list) => Math.min(...list.map((r) => r.ms))
  const managerOps = OPS / (best(results.manager) / 1000)
  const mapOps = OPS / (best(results.map) / 1000)
  const awaitedOps = OPS / (best(results.awaited) / 1000)
  const fmt = (n) => `${(n / 1e6).toFixed(2)} M ops/s`
  console.log('getAccessToken on a fresh cached token (MemoryTokenStore), best of 3 × %d:', OPS)
  console.table([
    {
      what: 'tokens.getAccessToken (await)',
      opsPerSecond: fmt(managerOps),
      nsPerOp: Math.round(1e9 / managerOps),
    },
    { what: 'bare Map.get', opsPerSecond: fmt(mapOps), nsPerOp: Math.round(1e9 / mapOps) },
    {
      what: 'await Map.get',
      opsPerSecond: fmt(awaitedOps),
      nsPerOp: Math.round(1e9 / awaitedOps),
    },
  ])
  console.log(
    `Map.get is ${(mapOps / managerOps).toFixed(1)}× faster; requests sent on the hot path: ${emulator.requests().length}`,
  )
  const maxRefreshes = Math.max(...rows.map((r) => r.refreshRequests))
  const ns = (ops) => `${Math.round(1e9 / ops)} ns`
  recordRows([
    {
      group: 'tokens',
      what: `${CALLERS} callers on one expired key (${ROUNDS} rounds)`,
      ours: `${maxRefreshes} refresh${maxRefreshes === 1 ? '' : 'es'} (most in a round)`,
      anchor: `${CALLERS} callers`,
      ratio: null,
      target: '1 refresh',
      holds: maxRefreshes === 1,
    },
    {
      group: 'tokens',
      what: 'getAccessToken on a fresh cached token (MemoryTokenStore)',
      ours: ns(managerOps),
      anchor: `${ns(awaitedOps)} (await Map.get); ${ns(mapOps)} (bare Map.get)`,
      ratio: awaitedOps / managerOps,
      target: '≤ 3.00× await Map.get, no request',
      holds: awaitedOps / managerOps <= 3 && emulator.requests().length === 0,
    },
  ])
} finally {
  await emulator.close()
}
