// Time to import core in a fresh node, beside bare node, oauth4webapi and passport-amazon, in the
// same run, interleaved, many runs each; medians are reported. Two figures per subject:
// - wall: the whole `node` process, spawn to exit (what a CLI user feels; noisy on a busy host);
// - own cost: the import alone, timed inside the fresh process after the loader was warmed with
//   an empty module of the same kind (far less noisy).
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
function buildCore(dir) {
  const common = {
    entryPoints: [resolve(here, '../src/index.ts')],
    bundle: true,
    platform: 'neutral',
    target: 'es2022',
    logLevel: 'silent',
  }
  buildSync({ ...common, format: 'esm', outfile: join(dir, 'index.js') })
  buildSync({ ...common, format: 'cjs', outfile: join(dir, 'index.cjs') })
  // An empty module of each kind warms the loader before the timed import.
  writeFileSync(join(dir, 'empty.mjs'), '')
  writeFileSync(join(dir, 'empty.cjs'), '')
  return {
    coreEsm: join(dir, 'index.js'),
    coreCjs: join(dir, 'index.cjs'),
    emptyEsm: join(dir, 'empty.mjs'),
    emptyCjs: join(dir, 'empty.cjs'),
  }
}

// The code run in the fresh process: optionally warm the module loader with an empty module of
// the same kind (so that "own cost" is the module's own load and evaluation), then time the load.
const timed = (load, warm = '') =>
  `${warm};const t=process.hrtime.bigint();${load};process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`

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
  return { wall, inside: Number(result.stdout) }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Runs the import-time bench: `runs` interleaved rounds after 3 warm-up rounds. */
export function importTimeBench(runs = Number(process.env.BENCH_RUNS ?? 40)) {
  const dir = mkdtempSync(join(tmpdir(), 'lwa-core-bench-'))
  try {
    const list = subjects(buildCore(dir))
    const samples = list.map(() => ({ wall: [], inside: [] }))
    for (let round = 0; round < runs + 3; round++)
      list.forEach((subject, i) => {
        const { wall, inside } = once(subject)
        if (round < 3) return
        samples[i].wall.push(wall)
        samples[i].inside.push(inside)
      })
    return list.map((s, i) => ({
      name: s.name,
      esm: s.esm,
      wall: median(samples[i].wall),
      inside: median(samples[i].inside),
      runs,
    }))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Prints the rows with the difference to bare node of the same module system. */
export function printImportTimes(rows) {
  const bare = { false: rows[0], true: rows[1] }
  console.log(
    `\nImport time in a fresh node, median of ${rows[0].runs} interleaved runs (target: core within 3 ms of bare node)`,
  )
  console.log(
    `  ${''.padEnd(28)} ${'wall'.padStart(9)} ${'vs bare'.padStart(9)} ${'own cost'.padStart(13)}`,
  )
  for (const r of rows) {
    const base = bare[r.esm]
    console.log(
      `  ${r.name.padEnd(28)} ${r.wall.toFixed(1).padStart(6)} ms ${`${r.wall - base.wall >= 0 ? '+' : ''}${(r.wall - base.wall).toFixed(1)}`.padStart(6)} ms ${(r.inside - base.inside).toFixed(2).padStart(10)} ms`,
    )
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printImportTimes(importTimeBench())
