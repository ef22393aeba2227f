// `npm run bench`: size and import time of @lwa-kit/core beside oauth4webapi and passport-amazon.
// Reports figures and ratios (and, under the repository's report, rows); asserts nothing.
import { recordRows } from '../../../tools/bench/rows.mjs'
import { importTimeBench, printImportTimes, withSpread } from './import-time.mjs'
import { printSizes, sizeBench } from './size.mjs'

const sizes = await sizeBench()
printSizes(sizes)
const imports = importTimeBench()
printImportTimes(imports)

const size = (name) => sizes.find((r) => r.name === name).gzip / 1024
const ours = size('@lwa-kit/core (typical web sign-in, functional)')
const oauth = size('oauth4webapi (typical web sign-in)')
// The import row is the import's own CPU time over bare node's (per-round differences, median and
// interquartile range): the cost of the code itself, which other processes on a busy machine
// disturb least. The wall-clock figures (whole process, and the import alone) are printed above.
const own = (name) => imports.find((r) => r.name === name).diff.cpu
const coreImport = own('@lwa-kit/core (import)')
const oauthImport = own('oauth4webapi (import)')
recordRows([
  {
    group: 'core',
    what: 'typical web sign-in bundle (esbuild minify, gzip -9)',
    ours: `${ours.toFixed(2)} KB`,
    anchor: `${oauth.toFixed(2)} KB (oauth4webapi, typical sign-in)`,
    ratio: ours / oauth,
    target: '≤ 6.0 KB',
    holds: ours <= 6.0,
  },
  {
    group: 'core',
    what: `import in a fresh node, its CPU time over bare node (ESM, median of ${imports[0].runs} shuffled rounds)`,
    ours: withSpread(coreImport, 2),
    anchor: `${withSpread(oauthImport, 2)} (oauth4webapi)`,
    ratio: oauthImport.median > 0 ? coreImport.median / oauthImport.median : null,
    target: '≤ +2.0 ms',
    holds: coreImport.median <= 2.0,
  },
])
