// Bench (not a test): a bearer-protected route beside the same route bare, in Passport (Express
// 5) and Nest 11, each app in its own process, autocannon from this one, against the emulator on
// loopback; the token is checked with token info once and then served from the cache. (Express's
// lwaAuth and requireLwaToken have their own bench: packages/express/bench.) Target: ≥ 0.95×.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { startEmulator } from '@lwa-kit/emulator'
import autocannon from 'autocannon'
import { issueToken } from '../testing/tokens.mjs'
import { recordRows } from './rows.mjs'

const DURATION = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
// BENCH_PROFILE=<folder>: each app writes a CPU profile there (node --cpu-prof), to see where a
// route's time goes.
const PROFILE = process.env.BENCH_PROFILE
const APPS = [
  ['Passport (Express 5): AmazonTokenStrategy', 'passport-bearer.mjs'],
  ['Nest 11: LwaBearerGuard', 'nest-bearer.mjs'],
]

const emulator = await startEmulator({ port: 0 })
const rows = []
try {
  const headers = { authorization: `Bearer ${await issueToken(emulator)}` }

  for (const [label, script] of APPS) {
    const child = spawn(
      process.execPath,
      [
        ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : []),
        fileURLToPath(new URL(`./apps/${script}`, import.meta.url)),
        emulator.url,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    try {
      const [line] = await once(child.stdout, 'data')
      const base = String(line).trim()
      const warm = await fetch(`${base}/protected`, { headers })
      if (warm.status !== 200) throw new Error(`${label}: /protected answered ${warm.status}`)
      emulator.clearRequests()
      const run = (path, duration = DURATION) =>
        autocannon({ url: `${base}${path}`, connections: CONNECTIONS, duration, headers })
      await run('/bare', 1)
      await run('/protected', 1)
      const results = { '/bare': [], '/protected': [] }
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? ['/bare', '/protected'] : ['/protected', '/bare']
        for (const path of order) {
          const result = await run(path)
          if (result.non2xx > 0 || result.errors > 0)
            throw new Error(`${label} ${path}: ${result.non2xx} non-2xx, ${result.errors} errors`)
          results[path].push(result.requests.average)
        }
      }
      const mean = (list) => list.reduce((a, b) => a + b, 0) / list.length
      const bare = mean(results['/bare'])
      const guarded = mean(results['/protected'])
      const calls = emulator.requests().filter((r) => r.endpoint === 'tokeninfo').length
      console.log(
        `${label}: bare ${bare.toFixed(0)} req/s, protected ${guarded.toFixed(0)} req/s, ratio ${(guarded / bare).toFixed(3)} (token info calls: ${calls})`,
      )
      rows.push({
        group: 'routes',
        what: `${label}, a bearer-protected route (token cached)`,
        ours: `${Math.round(guarded)} req/s`,
        anchor: `${Math.round(bare)} req/s (the bare route, same app)`,
        ratio: guarded / bare,
        target: '≥ 0.95×, no token info call',
        holds: guarded / bare >= 0.95 && calls === 0,
      })
    } finally {
      child.kill('SIGTERM')
      if (child.exitCode === null) await once(child, 'exit')
    }
  }
  recordRows(rows)
} finally {
  await emulator.close()
}
