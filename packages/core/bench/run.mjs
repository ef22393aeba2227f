// `npm run bench`: size and import time of @lwa-kit/core beside oauth4webapi and passport-amazon.
// Reports figures and ratios (and, under the repository's report, rows); asserts nothing.
import { recordRows } from '../../../tools/bench/rows.mjs'
import { importTimeBench, printImportTimes } from './import-time.mjs'
import { printSizes, sizeBench } from './size.mjs'

const sizes = await sizeBench()
printSizes(sizes)
const imports = importTimeBench()
printImportTimes(imports)

const size = (name) => sizes.find((r) => r.name === name).gzip / 1024
const ours = size('@lwa-kit/core (typical web sign-in, functional)')
const oauth = size('oauth4webapi (typical web sign-in)')
const wall = (name) => imports.find((r) => r.name === name).wall
const bare = wall('bare node (ESM)')
const coreImport = wall('@lwa-kit/core (import)') - bare
const oauthImport = wall('oauth4webapi (import)') - bare
const signed = (ms) => `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(1)} ms`
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
    what: `import in a fresh node, over bare node (ESM, median of ${imports[0].runs})`,
    ours: signed(coreImport),
    anchor: `${signed(oauthImport)} (oauth4webapi)`,
    ratio: oauthImport > 0 ? coreImport / oauthImport : null,
    target: '≤ +2.0 ms',
    holds: coreImport <= 2.0,
  },
])
