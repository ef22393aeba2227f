// Bench (not a test): a bearer-protected route beside the same route bare, in Passport (Express
// 5) and Nest 11, each app in its own process, autocannon from this one, against the emulator on
// loopback; the token is checked with token info once and then served from the cache. (Express's
// lwaAuth and requireLwaToken have their own bench: packages/express/bench.) Target: ≥ 0.95×.
// A ratio is the median of the rounds' ratios (each round runs both routes, the order
// alternating), so that a load change between rounds moves both sides.
// BENCH_APPS=nest (a part of the script's name) runs only the apps it names. An app may serve
// reference routes too (Passport's no-op strategy: Passport's own floor), measured in the same
// rounds and reported as reference rows, beside the bare route, with no target of their own.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startEmulator } from '@lwa-kit/emulator'
import autocannon from 'autocannon'
import { issueToken } from '../testing/tokens.mjs'
import { recordRows } from './rows.mjs'

const DURATION = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
// BENCH_PROFILE=<folder>: each app writes a CPU profile there (node --cpu-prof), to see where a
// route's time goes.
const PROFILE = process.env.BENCH_PROFILE
const APPS = [
  [
    'Passport (Express 5): AmazonTokenStrategy',
    'passport-bearer.mjs',
    [['/noop', 'Passport (Express 5): a no-op Passport strategy']],
  ],
  ['Nest 11: LwaBearerGuard', 'nest-bearer.mjs', []],
].filter(([, script]) => !process.env.BENCH_APPS || script.includes(process.env.BENCH_APPS))

const emulator = await startEmulator({ port: 0 })
const rows = []
try {
  const headers = { authorization: `Bearer ${await issueToken(emulator)}` }

  for (const [label, script, references] of APPS) {
    const paths = ['/bare', '/protected', ...references.map(([path]) => path)]
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
      for (const path of paths) await run(path, 1)
      const results = Object.fromEntries(paths.map((path) => [path, []]))
      // The app's CPU time per request too (Linux: /proc/<pid>/stat, in clock ticks of 10 ms): a
      // figure that time spent waiting for a core shared with other work does not move.
      const cpu = Object.fromEntries(paths.map((path) => [path, []]))
      const ticks = () => {
        try {
          const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
          return Number(fields[11]) + Number(fields[12])
        } catch {
          return Number.NaN
        }
      }
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? paths : [...paths].reverse()
        for (const path of order) {
          const before = ticks()
          const result = await run(path)
          cpu[path].push((ticks() - before) / result.requests.total)
          if (result.non2xx > 0 || result.errors > 0)
            throw new Error(`${label} ${path}: ${result.non2xx} non-2xx, ${result.errors} errors`)
          results[path].push(result.requests.average)
        }
      }
      const median = (list) => {
        const sorted = [...list].sort((a, b) => a - b)
        const mid = Math.floor(sorted.length / 2)
        return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
      }
      const bare = median(results['/bare'])
      const guarded = median(results['/protected'])
      const ratio = median(results['/protected'].map((rps, i) => rps / results['/bare'][i]))
      const cpuRatio = median(cpu['/bare'].map((t, i) => t / cpu['/protected'][i]))
      const calls = emulator.requests().filter((r) => r.endpoint === 'tokeninfo').length
      console.log(
        `${label}: bare ${bare.toFixed(0)} req/s, protected ${guarded.toFixed(0)} req/s, ratio ${ratio.toFixed(3)} (by CPU per request ${cpuRatio.toFixed(3)}; token info calls: ${calls}; rounds: bare ${results['/bare'].map((n) => n.toFixed(0)).join('/')}, protected ${results['/protected'].map((n) => n.toFixed(0)).join('/')})`,
      )
      rows.push({
        group: 'routes',
        what: `${label}, a bearer-protected route (token cached)`,
        ours: `${Math.round(guarded)} req/s`,
        anchor: `${Math.round(bare)} req/s (the bare route, same app)`,
        ratio,
        target: '≥ 0.95×, no token info call',
        holds: ratio >= 0.95 && calls === 0,
      })
      for (const [path, name] of references) {
        const rps = median(results[path])
        const refRatio = median(results[path].map((n, i) => n / results['/bare'][i]))
        const refCpu = median(cpu['/bare'].map((t, i) => t / cpu[path][i]))
        console.log(
          `${name} (reference): ${rps.toFixed(0)} req/s, ratio ${refRatio.toFixed(3)} (by CPU per request ${refCpu.toFixed(3)}; rounds: ${results[path].map((n) => n.toFixed(0)).join('/')})`,
        )
        rows.push({
          group: 'routes',
          what: `reference: ${name}, the same route behind it (the framework's own floor)`,
          ours: `${Math.round(rps)} req/s`,
          anchor: `${Math.round(bare)} req/s (the bare route, same app)`,
          ratio: refRatio,
          target: 'none (a reference, not ours)',
          holds: true,
          reference: true,
        })
      }
    } finally {
      child.kill('SIGTERM')
      if (child.exitCode === null) await once(child, 'exit')
    }
  }
  recordRows(rows)
} finally {
  await emulator.close()
}
