// Bench: CPU time per login callback (state check, code exchange and profile against the
// emulator), @lwa-kit/passport's AmazonStrategy beside two anchors, same emulator, same run:
// passport-amazon (no state, no PKCE) and passport-oauth2 with `state: true, pkce: true` on an
// express-session (the same work as ours, kept server-side).
// Each app runs in its own process; the emulator and the driver run here and are not counted.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { recordRows } from '../../../tools/bench/rows.mjs'

const LOGINS = Number(process.env.BENCH_LOGINS ?? 300)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30)
// BENCH_PROFILE=<folder>: each app writes a CPU profile there (node --cpu-prof).
// BENCH_WARMUP (default 30 logins each), BENCH_VERBOSE=1 prints every round.
const PROFILE = process.env.BENCH_PROFILE
const emulator = await startEmulator({ port: 0 })
const script = fileURLToPath(new URL('./callback-app.mjs', import.meta.url))

async function startApp(kind) {
  const flags = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}/${kind}`] : []
  const child = spawn(process.execPath, [...flags, script, kind, emulator.url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [line] = await once(child.stdout, 'data')
  const url = String(line).trim()
  emulator.allowReturnUrl(`${url}/auth/amazon/callback`)
  return { kind, url, child }
}

async function cpu(app) {
  const { user, system } = await (await fetch(`${app.url}/__cpu`)).json()
  return user + system
}

/** Starts `count` sign-ins and approves them at the emulator; returns the callback URLs and cookies. */
async function prepare(app, count) {
  const out = []
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${app.url}/auth/amazon`, { redirect: 'manual' })
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    const params = Object.fromEntries(new URL(res.headers.get('location')).searchParams)
    const { location } = emulator.authorize({ ...params, user_id: DEMO.users.alice.userId })
    out.push({ location, cookie })
  }
  return out
}

// BENCH_PROFILE_PHASES=<folder>: each app profiles its measured callbacks only, into that folder.
const PHASES = process.env.BENCH_PROFILE_PHASES

async function measure(app, count) {
  const callbacks = await prepare(app, count)
  if (PHASES) await fetch(`${app.url}/__profile`, { method: 'POST' })
  const before = await cpu(app)
  for (const { location, cookie } of callbacks) {
    const res = await fetch(location, { headers: cookie ? { cookie } : {}, redirect: 'manual' })
    if (res.status !== 200) throw new Error(`${app.kind}: callback answered ${res.status}`)
    await res.arrayBuffer()
  }
  const used = (await cpu(app)) - before
  if (PHASES) await fetch(`${app.url}/__profile`, { method: 'DELETE' })
  return used
}

// BENCH_INTERLEAVE=<n>: each round takes turns, n logins of one app, then n of the next, so that
// a change of the machine's load during a round falls on every app alike (CPU read around each
// turn of n). Unset: each app's logins of a round in one block, as before.
const INTERLEAVE = Number(process.env.BENCH_INTERLEAVE ?? 0)

/** One round with the apps taking turns of `chunk` logins; returns each app's CPU time. */
async function measureInterleaved(order, count, chunk) {
  const callbacks = new Map()
  for (const app of order) callbacks.set(app, await prepare(app, count))
  const used = new Map(order.map((app) => [app, 0]))
  for (let from = 0; from < count; from += chunk) {
    for (const app of order) {
      const before = await cpu(app)
      for (const { location, cookie } of callbacks.get(app).slice(from, from + chunk)) {
        const res = await fetch(location, { headers: cookie ? { cookie } : {}, redirect: 'manual' })
        if (res.status !== 200) throw new Error(`${app.kind}: callback answered ${res.status}`)
        await res.arrayBuffer()
      }
      used.set(app, used.get(app) + (await cpu(app)) - before)
    }
  }
  return used
}

// BENCH_BASELINE=<module path of another @lwa-kit/passport build>: measured beside ours too, for a
// before/after in the same run (printed, not recorded).
const BASELINE = process.env.BENCH_BASELINE
const apps = [
  await startApp('ours'),
  await startApp('passport-amazon'),
  await startApp('passport-oauth2'),
  ...(BASELINE ? [await startApp('ours-baseline')] : []),
]
const totals = { ours: 0, 'passport-amazon': 0, 'passport-oauth2': 0, 'ours-baseline': 0 }
for (const app of apps) await measure(app, WARMUP) // warm-up
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order so no app always runs first.
  const order = apps.map((_, i) => apps[(i + round) % apps.length])
  const turns = INTERLEAVE > 0 ? await measureInterleaved(order, LOGINS, INTERLEAVE) : undefined
  for (const app of order) {
    const used = turns ? turns.get(app) : await measure(app, LOGINS)
    totals[app.kind] += used
    if (process.env.BENCH_VERBOSE)
      console.log(`  round ${round + 1} ${app.kind}: ${(used / LOGINS / 1000).toFixed(3)} ms/login`)
  }
}
const per = (kind) => totals[kind] / (ROUNDS * LOGINS) / 1000
console.log(
  `Login callback CPU time (${ROUNDS}×${LOGINS} logins each, app process only, Node ${process.version})`,
)
console.log(
  `  @lwa-kit/passport AmazonStrategy (state + PKCE S256 in a sealed cookie): ${per('ours').toFixed(3)} ms/login`,
)
console.log(
  `  passport-amazon 1.0.0 (no state, no PKCE):                            ${per('passport-amazon').toFixed(3)} ms/login`,
)
console.log(
  `  passport-oauth2 1.8.0 (state + PKCE S256 in express-session):          ${per('passport-oauth2').toFixed(3)} ms/login`,
)
const vsAmazon = per('ours') / per('passport-amazon')
const vsOauth2 = per('ours') / per('passport-oauth2')
console.log(`  ratio ours / passport-amazon: ${vsAmazon.toFixed(2)}`)
console.log(`  ratio ours / passport-oauth2 (state, PKCE, session): ${vsOauth2.toFixed(2)}`)
if (BASELINE) {
  console.log(`  baseline build (${BASELINE}): ${per('ours-baseline').toFixed(3)} ms/login`)
  console.log(`  ratio ours / baseline build: ${(per('ours') / per('ours-baseline')).toFixed(2)}`)
}
const ms = (kind) => `${per(kind).toFixed(3)} ms`
recordRows([
  {
    group: 'login',
    what: 'login callback CPU (state, PKCE S256, sealed cookie, exchange, profile)',
    ours: ms('ours'),
    anchor: `${ms('passport-amazon')} (passport-amazon, no state or PKCE)`,
    ratio: vsAmazon,
    target: '≤ 1.00×',
    holds: vsAmazon <= 1,
  },
  {
    group: 'login',
    what: 'login callback CPU, beside the generic strategy doing the same work',
    ours: ms('ours'),
    anchor: `${ms('passport-oauth2')} (passport-oauth2, state + PKCE on express-session)`,
    ratio: vsOauth2,
    target: '< 1.00×',
    holds: vsOauth2 < 1,
  },
])

for (const app of apps) app.child.kill('SIGTERM')
await Promise.all(apps.map((app) => once(app.child, 'exit')))
await emulator.close()
