// Bench (not a test), on a single Redis and on a Redis Cluster (3 masters + 3 replicas) in the
// same run:
// - refresh requests when 4 processes × 250 callers ask for one expired key (target: 1), and the
//   time until every caller has its token;
// - RedisTokenStore get/set (sealing and opening included) beside raw ioredis GET/SET of the same
//   sealed bytes, as a ratio.
// Reads the built dists (`nx run @lwa-kit/redis:bench` builds them first). Starts its own
// redis-server processes and emulator on loopback and stops them (by PID).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createLwaClient } from '@lwa-kit/core'
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { Cluster, Redis } from 'ioredis'
import { recordRows, times } from '../../../tools/bench/rows.mjs'
import { startRedisCluster } from '../../../tools/testing/redis-cluster.mjs'
import { generateEncryptionKey, RedisTokenStore } from '../dist/index.js'

const PROCESSES = 4
const CALLERS = 250
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)

async function freePort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function startRedis() {
  const dir = mkdtempSync(join(tmpdir(), 'lwa-bench-redis-'))
  const port = await freePort()
  const child = spawn(
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  await new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      if (out.includes('Ready to accept connections')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)))
  })
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function startWorker(config) {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./redis-worker.mjs', import.meta.url))],
    {
      env: { ...process.env, LWA_BENCH_WORKER: JSON.stringify(config) },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  const lines = createInterface({ input: child.stdout })
  let ready
  const readyP = new Promise((resolve) => {
    ready = resolve
  })
  const result = new Promise((resolve, reject) => {
    lines.on('line', (line) => (line === 'ready' ? ready() : resolve(JSON.parse(line))))
    child.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)))
  })
  return { child, ready: readyP, go: () => child.stdin.write('go\n'), result }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** Rounds of 4 processes × 250 callers on one expired key; each process has its own connection. */
async function refreshRounds({ store, tokens, emulator, keys, connection }) {
  const rows = []
  for (let round = 1; round <= ROUNDS; round++) {
    await store.set('user', { ...tokens, expiresAt: Date.now() - 1000 })
    emulator.clearRequests()
    const config = {
      ...connection,
      endpoints: emulator.endpoints,
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      keys,
      key: 'user',
      callers: CALLERS,
    }
    const workers = Array.from({ length: PROCESSES }, () => startWorker(config))
    await Promise.all(workers.map((w) => w.ready))
    for (const w of workers) w.go()
    const results = await Promise.all(workers.map((w) => w.result))
    rows.push({
      refreshes: emulator.requests().filter((r) => r.grant_type === 'refresh_token').length,
      served: results.reduce((n, r) => n + r.ok, 0),
      distinct: Math.max(...results.map((r) => r.distinctTokens)),
      ms: Math.max(...results.map((r) => r.ms)),
    })
  }
  return {
    maxRefreshes: Math.max(...rows.map((r) => r.refreshes)),
    served: `${Math.min(...rows.map((r) => r.served))}/${PROCESSES * CALLERS}`,
    distinct: Math.max(...rows.map((r) => r.distinct)),
    medianMs: Math.round(median(rows.map((r) => r.ms))),
  }
}

const N = Number(process.env.BENCH_STORE_OPS ?? 5000)

const ROUNDS_OF_OPS = 5

/** One round: N calls one at a time (µs per call), then N with 100 in flight (ops/s). */
async function round(op) {
  let started = performance.now()
  for (let i = 0; i < N; i++) await op()
  const serialUs = ((performance.now() - started) * 1000) / N
  started = performance.now()
  for (let i = 0; i < N; i += 100) await Promise.all(Array.from({ length: 100 }, op))
  return { serialUs, parallelOps: N / ((performance.now() - started) / 1000) }
}

/**
 * The store's op and the raw op, after a warm-up, in alternating rounds (so the machine's other
 * load falls on both alike); the best round of each (other load only ever adds time).
 */
async function compare(mineOp, rawOp) {
  for (let i = 0; i < 1000; i++) await mineOp()
  for (let i = 0; i < 1000; i++) await rawOp()
  const best = () => ({ serialUs: Number.POSITIVE_INFINITY, parallelOps: 0 })
  const mine = best()
  const raw = best()
  for (let r = 0; r < ROUNDS_OF_OPS; r++)
    for (const [result, op] of [
      [mine, mineOp],
      [raw, rawOp],
    ]) {
      const { serialUs, parallelOps } = await round(op)
      result.serialUs = Math.min(result.serialUs, serialUs)
      result.parallelOps = Math.max(result.parallelOps, parallelOps)
    }
  return [mine, raw]
}

/** RedisTokenStore get/set beside raw ioredis GET/SET of the same sealed bytes, same connection. */
async function storeVsRaw({ store, redis, tokens }) {
  const sample = { ...tokens, expiresAt: Date.now() + 3600_000 }
  await store.set('bench-user', sample)
  const sealed = await redis.get(store.tokensKey('bench-user'))
  // The raw key shares the store key's hash slot, so on a Cluster both hit the same master.
  const rawKey = `{${store.tokensKey('bench-user')}}:raw`
  await redis.set(rawKey, sealed)
  const [storeGet, rawGet] = await compare(
    () => store.get('bench-user'),
    () => redis.get(rawKey),
  )
  const [storeSet, rawSet] = await compare(
    () => store.set('bench-user', sample),
    () => redis.set(rawKey, sealed),
  )
  return { bytes: sealed.length, storeGet, rawGet, storeSet, rawSet }
}

let redisServer
let cluster
let emulator
let redis
let clusterRedis
try {
  // Started inside the try, so whatever did start is stopped if a later start fails.
  redisServer = await startRedis()
  cluster = await startRedisCluster()
  emulator = await startEmulator({ port: 0 })
  redis = new Redis(redisServer.url)
  clusterRedis = new Cluster(cluster.nodes)
  clusterRedis.on('error', () => {})
  const keys = [{ id: 'bench', key: generateEncryptionKey() }]
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
  const topologies = [
    {
      name: 'single Redis',
      redis,
      store: new RedisTokenStore({ redis, keys }),
      connection: { redisUrl: redisServer.url },
    },
    {
      name: 'Redis Cluster 3+3',
      redis: clusterRedis,
      store: new RedisTokenStore({ redis: clusterRedis, keys }),
      connection: { clusterNodes: cluster.nodes },
    },
  ]
  // One column per topology, one row per measure: the anchors (target 1, raw ioredis) beside.
  const table = {
    [`refresh requests, ${PROCESSES} procs × ${CALLERS} callers (target 1)`]: {},
    'callers served, distinct tokens': {},
    'median ms until every caller has its token': {},
    'get µs/call: store vs raw GET (ratio)': {},
    'set µs/call: store vs raw SET (ratio)': {},
    'get ops/s, 100 in flight: store vs raw': {},
    'set ops/s, 100 in flight: store vs raw': {},
  }
  const rows = Object.values(table)
  /** Rows for `npm run bench`'s one report (tools/bench/rows.mjs). */
  const reportRows = []
  let bytes = 0
  for (const t of topologies) {
    const refresh = await refreshRounds({ ...t, tokens, emulator, keys })
    const ops = await storeVsRaw({ ...t, tokens })
    bytes = ops.bytes
    const serial = (mine, raw) =>
      `${mine.serialUs.toFixed(1)} vs ${raw.serialUs.toFixed(1)} (${(mine.serialUs / raw.serialUs).toFixed(2)}×)`
    const parallel = (mine, raw) =>
      `${Math.round(mine.parallelOps)} vs ${Math.round(raw.parallelOps)}`
    const values = [
      `max ${refresh.maxRefreshes} in ${ROUNDS} rounds`,
      `${refresh.served}, ${refresh.distinct}`,
      String(refresh.medianMs),
      serial(ops.storeGet, ops.rawGet),
      serial(ops.storeSet, ops.rawSet),
      parallel(ops.storeGet, ops.rawGet),
      parallel(ops.storeSet, ops.rawSet),
    ]
    values.forEach((value, i) => {
      rows[i][t.name] = value
    })
    const all = PROCESSES * CALLERS
    reportRows.push({
      group: 'redis',
      what: `${PROCESSES} processes × ${CALLERS} callers on one expired key, ${t.name} (${ROUNDS} rounds)`,
      ours: `${refresh.maxRefreshes} refresh${refresh.maxRefreshes === 1 ? '' : 'es'} (most in a round), ${refresh.served} served`,
      anchor: `${all} callers`,
      ratio: null,
      target: '1 refresh',
      holds:
        refresh.maxRefreshes === 1 && refresh.served === `${all}/${all}` && refresh.distinct === 1,
    })
    for (const [op, mine, raw, target] of [
      ['get', ops.storeGet, ops.rawGet, 1.5],
      ['set', ops.storeSet, ops.rawSet, 10],
    ]) {
      const ratio = mine.serialUs / raw.serialUs
      reportRows.push({
        group: 'redis',
        what: `RedisTokenStore.${op} on ${t.name} (${op === 'get' ? 'opening' : 'sealing'} included)`,
        ours: `${mine.serialUs.toFixed(1)} µs/call`,
        anchor: `${raw.serialUs.toFixed(1)} µs/call (ioredis ${op.toUpperCase()}, same ${bytes} bytes)`,
        ratio,
        target: `≤ ${times(target)}${op === 'set' ? ' (one write per refresh)' : ''}`,
        holds: ratio <= target,
      })
    }
  }
  recordRows(reportRows)
  console.log(
    `@lwa-kit/redis bench (store ops: best of ${ROUNDS_OF_OPS} alternating rounds × ${N} calls on the same ${bytes} sealed bytes, one connection)`,
  )
  console.table(table)
} finally {
  redis?.disconnect()
  clusterRedis?.disconnect()
  await emulator?.close()
  await Promise.all([redisServer?.stop(), cluster?.stop()])
}
