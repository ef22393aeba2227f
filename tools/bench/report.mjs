// `npm run bench`: every bench of the repository in one run, one table. Each bench script runs in
// its own process (after `nx run-many -t build`), one after another so they do not share the
// CPU, and hands its rows over through LWA_BENCH_ROWS (tools/bench/rows.mjs). The table is
// printed and written to docs/benchmarks.md with the Node version and the machine.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const out = join(root, 'docs', 'benchmarks.md')

/** The benches, in the order they run: [package folder, script]. */
export const BENCHES = [
  ['packages/core', 'bench/run.mjs'],
  ['packages/core', 'bench/token-bench.mjs'],
  ['packages/emulator', 'bench/emulator-bench.mjs'],
  ['packages/passport', 'bench/callback-cpu.mjs'],
  ['packages/express', 'bench/require-token.mjs'],
  ['tools/bench', 'routes-bench.mjs'],
  ['packages/redis', 'bench/redis-bench.mjs'],
]

const only = process.argv.slice(2)
const dir = mkdtempSync(join(tmpdir(), 'lwa-bench-'))
const rowsFile = join(dir, 'rows.jsonl')
writeFileSync(rowsFile, '')
const failures = []
const started = Date.now()
try {
  for (const [pkg, script] of BENCHES) {
    if (only.length > 0 && !only.some((name) => `${pkg}/${script}`.includes(name))) continue
    console.log(`\n── ${pkg}/${script}`)
    const run = spawnSync(process.execPath, [script], {
      cwd: join(root, pkg),
      stdio: 'inherit',
      env: { ...process.env, LWA_BENCH_ROWS: rowsFile },
      timeout: 15 * 60_000,
    })
    if (run.status !== 0) failures.push(`${pkg}/${script} exited with ${run.status ?? run.signal}`)
  }
  const rows = readFileSync(rowsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
  const markdown = render(rows, failures, Date.now() - started)
  console.log(`\n${markdown}`)
  if (only.length === 0) {
    writeFileSync(out, markdown)
    console.log(`written to ${out.slice(root.length)}`)
  }
  if (failures.length > 0) process.exitCode = 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}

/** @param {import('./rows.mjs').BenchRow[]} rows @param {string[]} failed @param {number} ms */
function render(rows, failed, ms) {
  const cell = (text) => String(text).replaceAll('|', '\\|')
  const counted = rows.filter((r) => !r.reference)
  const held = counted.filter((r) => r.holds).length
  const lines = [
    '# Benchmarks',
    '',
    'Every hot path beside its anchor, both measured in the same run (`npm run bench`, which',
    'writes this file). A ratio is ours over the anchor in the sense the target names. Timings',
    'depend on the machine; the ratios are what the targets are about.',
    '',
    `- Node.js ${process.version} on ${process.platform}/${process.arch}`,
    `- ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    `- load average at the end: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(', ')}`,
    `- ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${Math.round(ms / 1000)} s`,
    `- ${held} of ${counted.length} rows at or past their target${
      counted.length < rows.length ? ` (and ${rows.length - counted.length} reference rows)` : ''
    }`,
    '',
    '| area | hot path | ours | anchor | ratio | target | holds |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${cell(r.group)} | ${cell(r.what)} | ${cell(r.ours)} | ${cell(r.anchor)} | ${
          r.ratio === null ? '–' : `${r.ratio.toFixed(2)}×`
        } | ${cell(r.target)} | ${r.reference ? 'reference' : r.holds ? 'yes' : '**no**'} |`,
    ),
  ]
  if (failed.length > 0)
    lines.push('', 'Benches that did not finish:', ...failed.map((f) => `- ${f}`))
  return `${lines.join('\n')}\n`
}
