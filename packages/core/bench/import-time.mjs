// Time to import core in a fresh node, beside bare node, oauth4webapi and passport-amazon, in the
// same run. Every round runs each subject once, in a fresh random order (so that no subject always
// follows another), and each subject is compared with the bare node of its module system *in the
// same round*: the figures are medians of those per-round differences, with their interquartile
// range, so a drift of the machine's load moves both sides of a difference alike. Three figures:
// - wall: the whole `node` process, spawn to exit (what a CLI user feels; noisy on a busy host);
// - own: the import alone, timed inside the fresh process after the loader was warmed with an
//   empty module of the same kind (the same quantity as the wall difference without the start-up
//   noise of a process);
// - cpu: the CPU time (user + system, all threads) of that import: the cost of the code itself,
//   which other processes on a busy machine disturb least (the figure of the report's row).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { buildSync } from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)

// Core is built here the way tsup builds dist (esbuild, ES2022, one file per format, not
// minified), into a temporary folder, so that a concurrent build of dist cannot disturb the run.
// The ESM file is named .mjs: a .js file outside a `"type": "module"` package is first compiled
// as CommonJS and, failing that, again as ESM (Node's syntax detection), which once added about
// 4 ms to core's figure that no installed copy pays (dist/index.js is in such a package).
function buildCore(dir) {
  const common = {
    entryPoints: [resolve(here, '../src/index.ts')],
    bundle: true,
    platform: 'neutral',
    target: 'es2022',
    logLevel: 'silent',
  }
  buildSync({ ...common, format: 'esm', outfile: join(dir, 'index.mjs') })
  buildSync({ ...common, format: 'cjs', outfile: join(dir, 'index.cjs') })
  // An empty module of each kind warms the loader before the timed import.
  writeFileSync(join(dir, 'empty.mjs'), '')
  writeFileSync(join(dir, 'empty.cjs'), '')
  return {
    coreEsm: join(dir, 'index.mjs'),
    coreCjs: join(dir, 'index.cjs'),
    emptyEsm: join(dir, 'empty.mjs'),
    emptyCjs: join(dir, 'empty.cjs'),
  }
}

// The code run in the fresh process: warm the module loader with an empty module of the same
// kind (so that "own" is the module's own load and evaluation), then time the load, in wall
// time and in CPU time (microseconds), and print both.
const timed = (load, warm) =>
  `${warm};const c=process.cpuUsage(),t=process.hrtime.bigint();${load};const w=Number(process.hrtime.bigint()-t)/1e6,u=process.cpuUsage(c);process.stdout.write(w+' '+(u.user+u.system)/1e3)`

function subjects({ coreEsm, coreCjs, emptyEsm, emptyCjs }) {
  const url = (path) => JSON.stringify(pathToFileURL(path).href)
  const req = (path) => `require(${JSON.stringify(path)})`
  const imp = (href) => `await import(${href})`
  const warmCjs = req(emptyCjs)
  const warmEsm = imp(url(emptyEsm))
  const oauth = url(require.resolve('oauth4webapi'))
  const passport = require.resolve('passport-amazon')
  return [
    { name: 'bare node (CJS)', esm: false, code: timed('0', warmCjs) },
    { name: 'bare node (ESM)', esm: true, code: timed('0', warmEsm) },
    { name: '@lwa-kit/core (require)', esm: false, code: timed(req(coreCjs), warmCjs) },
    { name: '@lwa-kit/core (import)', esm: true, code: timed(imp(url(coreEsm)), warmEsm) },
    { name: 'oauth4webapi (import)', esm: true, code: timed(imp(oauth), warmEsm) },
    { name: 'passport-amazon (require)', esm: false, code: timed(req(passport), warmCjs) },
  ]
}

function once(subject) {
  const args = subject.esm ? ['--input-type=module', '-e', subject.code] : ['-e', subject.code]
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' })
  const wall = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0)
    throw new Error(`${subject.name} exited ${result.status}: ${result.stderr}`)
  const [own, cpu] = result.stdout.split(' ').map(Number)
  return { wall, own, cpu }
}

/** The q-quantile of the values (linear between the two nearest ranks). */
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  return sorted[low] + (sorted[Math.ceil(at)] - sorted[low]) * (at - low)
}

/** Median and interquartile range of a list of samples. */
export const spread = (values) => ({
  median: quantile(values, 0.5),
  q1: quantile(values, 0.25),
  q3: quantile(values, 0.75),
})

/** Fisher-Yates shuffle of 0..n-1. */
function order(n) {
  const list = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[list[i], list[j]] = [list[j], list[i]]
  }
  return list
}

const FIGURES = ['wall', 'own', 'cpu']

/**
 * Runs the import-time bench: `runs` rounds after 3 warm-up rounds. Each row holds, per figure,
 * the median and quartiles of the subject's own samples and of its per-round difference to the
 * bare node of its module system (`diff.wall`, `diff.own`, `diff.cpu`).
 */
export function importTimeBench(runs = Number(process.env.BENCH_RUNS ?? 60)) {
  const dir = mkdtempSync(join(tmpdir(), 'lwa-core-bench-'))
  try {
    const list = subjects(buildCore(dir))
    const bareOf = (s) => list.findIndex((b) => b.name.startsWith('bare') && b.esm === s.esm)
    const samples = list.map(() => Object.fromEntries(FIGURES.map((f) => [f, []])))
    const diffs = list.map(() => Object.fromEntries(FIGURES.map((f) => [f, []])))
    for (let round = 0; round < runs + 3; round++) {
      const got = []
      for (const i of order(list.length)) got[i] = once(list[i])
      if (round < 3) continue
      list.forEach((s, i) => {
        for (const f of FIGURES) {
          samples[i][f].push(got[i][f])
          diffs[i][f].push(got[i][f] - got[bareOf(s)][f])
        }
      })
    }
    return list.map((s, i) => ({
      name: s.name,
      esm: s.esm,
      runs,
      ...Object.fromEntries(FIGURES.map((f) => [f, spread(samples[i][f])])),
      diff: Object.fromEntries(FIGURES.map((f) => [f, spread(diffs[i][f])])),
    }))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const ms = (value, digits = 1) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`
/** "+1.2 ms (IQR +0.9…+1.6)" for a spread of differences. */
export const withSpread = ({ median, q1, q3 }, digits = 1) =>
  `${ms(median, digits)} ms (IQR ${ms(q1, digits)}…${ms(q3, digits)})`

/** Prints the rows with the per-round difference to bare node of the same module system. */
export function printImportTimes(rows) {
  console.log(
    `\nImport time in a fresh node: medians of ${rows[0].runs} rounds, each subject once per round in a random order,`,
  )
  console.log(
    '  differences taken to bare node of the same module system in the same round (target: core ≤ +2 ms)',
  )
  console.log(
    `  ${''.padEnd(26)} ${'wall'.padStart(8)}  ${'wall vs bare (IQR)'.padEnd(26)} ${'own vs bare (IQR)'.padEnd(26)} cpu vs bare (IQR)`,
  )
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(26)} ${r.wall.median.toFixed(1).padStart(5)} ms  ${withSpread(r.diff.wall).padEnd(26)} ${withSpread(r.diff.own, 2).padEnd(26)} ${withSpread(r.diff.cpu, 2)}`,
    )
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printImportTimes(importTimeBench())
