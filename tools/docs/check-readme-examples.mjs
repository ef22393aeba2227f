#!/usr/bin/env node
// Type-checks the TypeScript examples in the package READMEs against the BUILT packages, the way a
// user who copies them would compile them.
//
// Every ```ts, ```typescript or ```tsx block in packages/*/README.md (and the root README.md) is
// written to its own module under tools/docs/dist/readme-examples/ and compiled in one TypeScript
// program (strict, moduleResolution bundler, @lwa-kit/* resolved through node_modules to each
// package's dist types). A block that is only a fragment opts out with ```ts nocheck.
//
//   node tools/docs/check-readme-examples.mjs            check (exit 1 when a block fails)
//   node tools/docs/check-readme-examples.mjs core cli   only these packages' READMEs
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
// Each README's blocks are written inside its own package folder, so imports resolve the way they
// do for that package (its own node_modules first, for example next-auth's @auth/core).
const EXAMPLES_DIR = '.readme-examples'
const exampleDir = (file) => join(dirname(file), EXAMPLES_DIR)
const LANGS = new Set(['ts', 'typescript', 'tsx'])

/** The fenced code blocks of a markdown text, with their 1-based first content line. */
export function extractBlocks(markdown) {
  const lines = markdown.split(/\r?\n/)
  const blocks = []
  let open = null
  lines.forEach((line, index) => {
    const fence = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(line)
    if (open) {
      if (
        fence &&
        fence[2][0] === open.fence[0] &&
        fence[2].length >= open.fence.length &&
        !fence[3]
      ) {
        blocks.push({ ...open, code: open.body.join('\n') })
        open = null
      } else {
        open.body.push(open.indent ? line.replace(new RegExp(`^ {0,${open.indent}}`), '') : line)
      }
      return
    }
    if (fence) {
      const lang = fence[3].toLowerCase()
      const meta = fence[4].toLowerCase()
      open = {
        fence: fence[2],
        indent: fence[1].length,
        lang,
        nocheck: /\bnocheck\b|\bno-check\b/.test(meta) || /nocheck/.test(lang),
        line: index + 2,
        body: [],
      }
    }
  })
  return blocks.filter((b) => LANGS.has(b.lang.replace(/[{].*$/, '')))
}

function readmes(only) {
  const list = []
  const pkgs = join(root, 'packages')
  for (const entry of readdirSync(pkgs, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue
    if (only.length > 0 && !only.includes(entry.name)) continue
    const file = join(pkgs, entry.name, 'README.md')
    if (existsSync(file)) list.push({ id: entry.name, file })
  }
  if (only.length === 0 && existsSync(join(root, 'README.md'))) {
    list.push({ id: 'root', file: join(root, 'README.md') })
  }
  return list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

const compilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  types: ['node'],
  typeRoots: [join(root, 'node_modules', '@types')],
  skipLibCheck: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  jsx: ts.JsxEmit.Preserve,
  // Nest examples use decorators the way a Nest app compiles them.
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  allowUnusedLabels: false,
}

function main(argv, dirs = []) {
  const only = argv.filter((a) => !a.startsWith('--'))
  const files = new Map()
  let skipped = 0
  for (const { id, file } of readmes(only)) {
    const outDir = exampleDir(file)
    rmSync(outDir, { recursive: true, force: true })
    mkdirSync(outDir, { recursive: true })
    dirs.push(outDir)
    extractBlocks(readFileSync(file, 'utf8')).forEach((block, i) => {
      if (block.nocheck) {
        skipped++
        return
      }
      const name = join(
        outDir,
        `${id}-${String(i + 1).padStart(2, '0')}.${block.lang === 'tsx' ? 'tsx' : 'ts'}`,
      )
      writeFileSync(name, `${block.code}\n`)
      files.set(name, { readme: relative(root, file), line: block.line, index: i + 1 })
    })
  }
  if (files.size === 0) {
    console.log(`readme-examples: no TypeScript blocks to check (${skipped} nocheck)`)
    return 0
  }
  const program = ts.createProgram([...files.keys()], compilerOptions)
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.has(d.file.fileName))
  const failedBlocks = new Set()
  for (const d of diagnostics) {
    const where = files.get(d.file.fileName)
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0)
    failedBlocks.add(d.file.fileName)
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ')
    console.error(
      `${where.readme}:${where.line + line} (block ${where.index}): TS${d.code}: ${message}`,
    )
  }
  const global = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file && d.category === ts.DiagnosticCategory.Error)
  for (const d of global)
    console.error(
      `readme-examples: TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    )
  const failed = failedBlocks.size + (global.length > 0 ? 1 : 0)
  if (failed > 0) {
    console.error(
      'readme-examples: fix the example, or mark a fragment that cannot compile on its own with ```ts nocheck',
    )
  }
  console.log(
    `readme-examples: ${files.size - failedBlocks.size} passed, ${failed} failed (${skipped} nocheck)`,
  )
  return failed > 0 ? 1 : 0
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dirs = []
  try {
    process.exitCode = main(process.argv.slice(2), dirs)
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
}
