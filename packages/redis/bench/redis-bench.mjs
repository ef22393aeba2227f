// Bench (not a test): refresh requests when 4 processes × 250 callers ask for one expired key
// through Redis (target: 1), and the time until every caller has its token. Reads the built dists
// (`nx run @lwa-kit/redis:bench` builds them first). Starts its own redis-server and emulator on
// loopback and stops them.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createLwaClient } from '@lwa-kit/core'
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { Redis } from 'ioredis'
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

const redisServer = await startRedis()
const emulator = await startEmulator({ port: 0 })
const redis = new Redis(redisServer.url)
try {
  const keys = [{ id: 'bench', key: generateEncryptionKey() }]
  const store = new RedisTokenStore({ redis, keys })
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
  const rows = []
  for (let round = 1; round <= ROUNDS; round++) {
    await store.set('user', { ...tokens, expiresAt: Date.now() - 1000 })
    emulator.clearRequests()
    const config = {
      redisUrl: redisServer.url,
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
    const refreshes = emulator.requests().filter((r) => r.grant_type === 'refresh_token').length
    rows.push({
      round,
      refreshRequests: refreshes,
      callersServed: results.reduce((n, r) => n + r.ok, 0),
      distinctTokens: Math.max(...results.map((r) => r.distinctTokens)),
      slowestProcessMs: Math.round(Math.max(...results.map((r) => r.ms))),
    })
  }
  console.log(
    `${PROCESSES} processes × ${CALLERS} concurrent getAccessToken on one expired key, through Redis:`,
  )
  console.table(rows)
  const max = Math.max(...rows.map((r) => r.refreshRequests))
  console.log(`refresh requests per round: max ${max} (target 1)\n`)

  // RedisTokenStore get/set (sealing and opening included) beside raw ioredis GET/SET of the
  // same sealed bytes, in the same run, one call at a time (the latency a request sees) and 100
  // in flight (the throughput of one process).
  const sample = { ...tokens, expiresAt: Date.now() + 3600_000 }
  await store.set('bench-user', sample)
  const sealed = await redis.get(store.tokensKey('bench-user'))
  const rawKey = 'bench:raw'
  await redis.set(rawKey, sealed)
  const N = Number(process.env.BENCH_STORE_OPS ?? 5000)
  // Best of 3 rounds, after a warm-up: the machine's other load only ever adds time.
  async function time(label, op) {
    for (let i = 0; i < 1000; i++) await op()
    let serialUs = Number.POSITIVE_INFINITY
    let parallelOps = 0
    for (let round = 0; round < 3; round++) {
      let started = performance.now()
      for (let i = 0; i < N; i++) await op()
      serialUs = Math.min(serialUs, ((performance.now() - started) * 1000) / N)
      started = performance.now()
      for (let i = 0; i < N; i += 100) await Promise.all(Array.from({ length: 100 }, op))
      parallelOps = Math.max(parallelOps, N / ((performance.now() - started) / 1000))
    }
    return {
      what: label,
      usPerCallSerial: serialUs.toFixed(1),
      opsPerSecond100InFlight: Math.round(parallelOps),
    }
  }
  const storeRows = [
    await time('RedisTokenStore.get', () => store.get('bench-user')),
    await time('ioredis GET (same bytes)', () => redis.get(rawKey)),
    await time('RedisTokenStore.set', () => store.set('bench-user', sample)),
    await time('ioredis SET (same bytes)', () => redis.set(rawKey, sealed)),
  ]
  console.log(
    `RedisTokenStore get/set against raw ioredis GET/SET of the same ${sealed.length} bytes, ${N} calls each:`,
  )
  console.table(storeRows)
  const ratio = (a, b) =>
    (Number(storeRows[a].usPerCallSerial) / Number(storeRows[b].usPerCallSerial)).toFixed(2)
  console.log(`per call, serial: get ${ratio(0, 1)}× raw GET, set ${ratio(2, 3)}× raw SET`)
} finally {
  redis.disconnect()
  await emulator.close()
  await redisServer.stop()
}
