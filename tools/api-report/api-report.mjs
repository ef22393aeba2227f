#!/usr/bin/env node
// Public API snapshot of every published @lwa-kit package.
//
// For each packages/<name> (not private) it reads the BUILT type declarations of every `exports`
// entry (dist/*.d.ts, the files users' TypeScript actually sees), lists every exported name with its declaration text
// (comments stripped, re-printed by the TypeScript printer so formatting noise never shows), plus the
// unexported declarations those signatures refer to, and compares the result with the committed
// packages/<name>/api-report.md. A difference fails, so every change to the public API shows up in
// review as a diff of that file.
//
//   node tools/api-report/api-report.mjs            check every package (exit 1 on a difference)
//   node tools/api-report/api-report.mjs --update   rewrite the reports (npm run api:update)
//   node tools/api-report/api-report.mjs core cli   only these packages
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const REPORT = 'api-report.md'

/** Locale-independent ordering, so the report is the same on every machine. */
const byCode = (a, b) => (a < b ? -1 : a > b ? 1 : 0)

/** The published packages: packages/* that are not private. */
export function publishedPackages() {
  const dir = join(root, 'packages')
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'package.json')))
    .map((d) => ({ dir: join(dir, d.name), pkg: readJson(join(dir, d.name, 'package.json')) }))
    .filter(({ pkg }) => !pkg.private)
    .sort((a, b) => byCode(a.pkg.name, b.pkg.name))
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'))
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed })

function kindOf(decl) {
  switch (decl.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
      return 'function'
    case ts.SyntaxKind.ClassDeclaration:
      return 'class'
    case ts.SyntaxKind.InterfaceDeclaration:
      return 'interface'
    case ts.SyntaxKind.TypeAliasDeclaration:
      return 'type'
    case ts.SyntaxKind.EnumDeclaration:
      return 'enum'
    case ts.SyntaxKind.ModuleDeclaration:
      return 'namespace'
    case ts.SyntaxKind.VariableDeclaration:
      return 'const'
    default:
      return ts.SyntaxKind[decl.kind]
  }
}

function printDecl(decl, sf) {
  // A variable's text lives on its statement (`declare const x: T;`).
  const node = decl.kind === ts.SyntaxKind.VariableDeclaration ? decl.parent.parent : decl
  return printer.printNode(ts.EmitHint.Unspecified, node, sf).trim()
}

/** The name of the package that holds `file` (for re-exports from another package). */
function owningPackage(file) {
  let dir = dirname(file)
  while (dir !== dirname(dir)) {
    const pj = join(dir, 'package.json')
    if (existsSync(pj)) {
      const name = readJson(pj).name
      if (name) return name
    }
    dir = dirname(dir)
  }
  return relative(root, file)
}

function loadProgram(file) {
  return ts.createProgram([file], {
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    types: [],
  })
}

/** The exported names of one declaration file, with their resolved declarations. */
function exportsOf(file) {
  const program = loadProgram(file)
  const checker = program.getTypeChecker()
  const sf = program.getSourceFile(file)
  if (!sf) throw new Error(`cannot read ${file}`)
  const moduleSymbol = checker.getSymbolAtLocation(sf)
  const exported = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []
  return { sf, checker, exported }
}

/** The type entry points of a package: one per `exports` subpath (ESM types, and CJS types). */
function typeEntries({ dir, pkg }) {
  const exportsMap = pkg.exports ?? { '.': { import: { types: pkg.types } } }
  const entries = []
  for (const [subpath, value] of Object.entries(exportsMap)) {
    if (subpath === './package.json' || typeof value !== 'object' || value === null) continue
    const esm = value.import?.types ?? value.types
    const cjs = value.require?.types
    if (!esm) continue
    entries.push({
      specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
      esm: join(dir, esm),
      cjs: cjs ? join(dir, cjs) : undefined,
    })
  }
  return entries
}

/** The report lines of one entry point. */
function entrySection(pkgName, entry, multiple) {
  const { esm, cjs, specifier } = entry
  if (!existsSync(esm)) {
    throw new Error(`${pkgName}: ${relative(root, esm)} is missing; build the package first`)
  }
  const { sf, checker, exported } = exportsOf(esm)
  if (cjs && existsSync(cjs)) {
    const names = (list) =>
      list
        .map((s) => s.name)
        .sort(byCode)
        .join(',')
    if (names(exportsOf(cjs).exported) !== names(exported)) {
      throw new Error(
        `${specifier}: ${relative(root, cjs)} and ${relative(root, esm)} export different names`,
      )
    }
  }

  const entries = []
  const localShown = new Set()
  for (const symbol of [...exported].sort((a, b) => byCode(a.name, b.name))) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
    const decls = (target.declarations ?? []).filter(
      (d) => d.kind !== ts.SyntaxKind.ExportSpecifier,
    )
    // A declaration in a chunk of the same build (tsup's shared `.d.ts` chunk of several entries)
    // is the package's own and shown in full; only another package's is a re-export.
    const own = (d) => dirname(d.getSourceFile().fileName) === dirname(sf.fileName)
    const local = decls.filter(own)
    const foreign = decls.filter((d) => !own(d))
    const typeOnly = !(target.flags & ts.SymbolFlags.Value)
    const kinds = [...new Set(decls.map(kindOf))].join(' + ') || 'unknown'
    let text
    if (local.length > 0) {
      for (const d of local) localShown.add(d)
      text = local.map((d) => printDecl(d, d.getSourceFile())).join('\n')
    } else if (foreign.length > 0) {
      text = `// re-exported from ${owningPackage(foreign[0].getSourceFile().fileName)}${
        target.name !== symbol.name ? ` (as ${target.name})` : ''
      }`
    } else {
      text = '// unresolved'
    }
    entries.push({ name: symbol.name, kind: kinds, typeOnly, text })
  }

  // Unexported declarations that the public signatures refer to (rolled into the bundle by tsup),
  // and module augmentations: changing them changes the API too.
  const internals = []
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) continue
    if (ts.isExportAssignment(statement)) continue
    const decls = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations
      : [statement]
    for (const d of decls) {
      if (localShown.has(d)) continue
      const name =
        d.name && (ts.isIdentifier(d.name) || ts.isStringLiteral(d.name)) ? d.name.text : ''
      internals.push({ name, text: printDecl(d, sf) })
    }
  }
  internals.sort((a, b) => byCode(a.name, b.name) || byCode(a.text, b.text))

  const imports = sf.statements
    .filter(ts.isImportDeclaration)
    .map((s) => printer.printNode(ts.EmitHint.Unspecified, s, sf).trim())
    .sort(byCode)

  const h = multiple ? '###' : '##'
  const lines = []
  if (multiple) lines.push(`## Entry point \`${specifier}\``, '')
  lines.push(
    `${h} Exports (${entries.length})`,
    '',
    '| name | kind |',
    '| --- | --- |',
    ...entries.map((e) => `| \`${e.name}\` | ${e.typeOnly ? `type-only ${e.kind}` : e.kind} |`),
    '',
    `${h} Declarations`,
    '',
  )
  for (const e of entries) {
    lines.push(`${h}# \`${e.name}\``, '', '```ts', e.text, '```', '')
  }
  if (internals.length > 0) {
    lines.push(`${h} Unexported declarations referenced by the API`, '', '```ts')
    lines.push(internals.map((i) => i.text).join('\n\n'), '```', '')
  }
  if (imports.length > 0) {
    lines.push(`${h} Imports from other packages`, '', '```ts', ...imports, '```', '')
  }
  return lines
}

/** Builds the markdown report of one package. Throws when dist is missing. */
export function buildReport({ dir, pkg }) {
  const entries = typeEntries({ dir, pkg })
  if (entries.length === 0) throw new Error(`${pkg.name}: package.json exports no types`)
  const lines = [
    `# API report: ${pkg.name}`,
    '',
    '<!-- Generated by tools/api-report from the built type declarations (dist/*.d.ts). Do not edit: run `npm run api:update` and commit the result. -->',
    '',
  ]
  for (const entry of entries) lines.push(...entrySection(pkg.name, entry, entries.length > 1))
  return `${lines.join('\n').trimEnd()}\n`
}

/** A compact line diff (LCS) for the failure message. */
export function lineDiff(before, after, context = 2) {
  const a = before.split('\n')
  const b = after.split('\n')
  const n = a.length
  const m = b.length
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
    }
  }
  const ops = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push([' ', a[i]])
      i++
      j++
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push(['-', a[i]])
      i++
    } else {
      ops.push(['+', b[j]])
      j++
    }
  }
  const keep = ops.map((_op, k) =>
    ops.slice(Math.max(0, k - context), k + context + 1).some(([t]) => t !== ' '),
  )
  const out = []
  let skipped = false
  ops.forEach(([t, line], k) => {
    if (keep[k]) {
      out.push(`${t} ${line}`)
      skipped = false
    } else if (!skipped) {
      out.push('  ...')
      skipped = true
    }
  })
  return out.join('\n')
}

function main(argv) {
  const update = argv.includes('--update')
  const only = argv.filter((a) => !a.startsWith('--'))
  const packages = publishedPackages().filter(
    ({ dir, pkg }) =>
      only.length === 0 || only.includes(pkg.name) || only.includes(dir.split('/').pop()),
  )
  let failed = 0
  let changed = 0
  for (const entry of packages) {
    const file = join(entry.dir, REPORT)
    const label = relative(root, file)
    let report
    try {
      report = buildReport(entry)
    } catch (error) {
      console.error(`api-report: ${error.message}`)
      failed++
      continue
    }
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : null
    if (committed === report) {
      console.log(`api-report: ${label} up to date`)
      continue
    }
    if (update) {
      writeFileSync(file, report)
      console.log(`api-report: ${label} ${committed === null ? 'written' : 'updated'}`)
      changed++
      continue
    }
    failed++
    if (committed === null) {
      console.error(`api-report: ${label} is missing`)
    } else {
      console.error(`api-report: the public API of ${entry.pkg.name} changed:\n`)
      console.error(lineDiff(committed, report))
      console.error('')
    }
  }
  if (failed > 0 && !update) {
    console.error(
      `api-report: ${failed} package(s) differ from their committed api-report.md. If the change is intended, run \`npm run api:update\`, review the diff, commit the reports and add a changeset (a removed or changed export is a major change).`,
    )
  }
  console.log(
    `api-report: ${packages.length} package(s)${update ? `, ${changed} updated` : ''}, ${failed} failed`,
  )
  return failed > 0 ? 1 : 0
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2))
}
