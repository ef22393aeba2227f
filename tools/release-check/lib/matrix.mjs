// The version matrix: consumer projects that install the packed @lwa-kit packages beside each
// supported major of what they plug into (DESIGN.md, "Supported versions"), the way users install
// them: a plain `npm install` (no --legacy-peer-deps) that must leave a clean `npm ls`, type-checks
// with `strict` and `skipLibCheck: false` under node16/nodenext and bundler resolution, and a run
// against the emulator (tools/release-check/matrix/<template>/check.mjs).
//
// Impossible on purpose: Nest 12 with @nestjs/passport 11 (its peer is @nestjs/common ^10 || ^11).
import { cpSync, existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureNode, NODE_FOR_NEST_12, NODE_MATRIX } from '../../testing/node-versions.mjs'
import { cleanEnv, run } from './run.mjs'

const templates = join(dirname(fileURLToPath(import.meta.url)), '..', 'matrix')

const NEST_11 = {
  '@nestjs/common': '11.2.10',
  '@nestjs/core': '11.2.10',
  '@nestjs/platform-express': '11.2.10',
}
const NEST_12 = {
  '@nestjs/common': '12.5.1',
  '@nestjs/core': '12.5.1',
  '@nestjs/platform-express': '12.5.1',
}
const NEST_LWA = ['@lwa-kit/core', '@lwa-kit/emulator', '@lwa-kit/passport', '@lwa-kit/nestjs']
const NEST_TSC = ['tsconfig.json', 'tsconfig.bundler.json']
const TYPES_NODE = { '@types/node': '20.19.43' }

/**
 * @typedef {object} MatrixConsumer
 * @property {string} name unique; also the folder name in the work folder
 * @property {string} template folder under tools/release-check/matrix
 * @property {string[]} lwa the @lwa-kit packages it installs (at the published version)
 * @property {Record<string, string>} [deps] exact versions added to the template's dependencies
 * @property {string} [node] an exact Node version to install, type-check and run with
 * @property {string[]} [tsc] tsconfig files, each type-checked with `tsc -p` (in this order)
 * @property {Record<string, string[]>} [readme] packages/<folder>/README.md whose "Tested with"
 *   table must list this entry's version of each named dependency
 */

// A fresh Next.js 16 app of packages/next-auth/README.md's files (matrix/next-auth-4|5, run by
// matrix/next-shared/check-next-app.mjs): next build without secrets, next start, Chromium.
const NEXT_APP = {
  next: '16.4.6',
  react: '19.3.1',
  'react-dom': '19.3.1',
  typescript: '5.9.3',
  '@types/node': '20.19.43',
  '@types/react': '19.3.0',
  '@types/react-dom': '19.3.0',
}
// What the README's install lines add: the provider, and the emulator for LWA_EMULATOR_URL.
const NEXT_LWA = ['@lwa-kit/next-auth', '@lwa-kit/emulator']
const NEXT_TSC = ['tsconfig.json', 'tsconfig.node.json']

/** @type {MatrixConsumer[]} */
export const MATRIX = [
  {
    name: 'nest-11-passport-11',
    template: 'nest',
    lwa: NEST_LWA,
    deps: { ...NEST_11, '@nestjs/passport': '11.0.5', ...TYPES_NODE },
    readme: { nestjs: ['@nestjs/core', '@nestjs/passport'] },
    tsc: NEST_TSC,
  },
  {
    name: 'nest-11-passport-12',
    template: 'nest',
    lwa: NEST_LWA,
    deps: { ...NEST_11, '@nestjs/passport': '12.0.0', ...TYPES_NODE },
    readme: { nestjs: ['@nestjs/core', '@nestjs/passport'] },
    tsc: NEST_TSC,
  },
  {
    // Nest 12 wants Node 22 or newer (file-type 22).
    name: 'nest-12-passport-12',
    template: 'nest',
    lwa: NEST_LWA,
    deps: { ...NEST_12, '@nestjs/passport': '12.0.0', ...TYPES_NODE },
    node: NODE_FOR_NEST_12,
    readme: { nestjs: ['@nestjs/core', '@nestjs/passport'] },
    tsc: NEST_TSC,
  },
  {
    name: 'redis-ioredis-5',
    template: 'redis',
    lwa: ['@lwa-kit/core', '@lwa-kit/emulator', '@lwa-kit/redis'],
    deps: { ioredis: '5.9.2', ...TYPES_NODE },
    readme: { redis: ['ioredis'] },
    tsc: ['tsconfig.json', 'tsconfig.bundler.json'],
  },
  {
    name: 'redis-ioredis-6',
    template: 'redis',
    lwa: ['@lwa-kit/core', '@lwa-kit/emulator', '@lwa-kit/redis'],
    deps: { ioredis: '6.0.0', ...TYPES_NODE },
    readme: { redis: ['ioredis'] },
    tsc: ['tsconfig.json', 'tsconfig.bundler.json'],
  },
  {
    name: 'express-4-passport-0.6',
    template: 'express',
    lwa: ['@lwa-kit/core', '@lwa-kit/emulator', '@lwa-kit/passport', '@lwa-kit/express'],
    deps: {
      express: '4.22.3',
      '@types/express': '4.17.25',
      passport: '0.6.0',
      ...TYPES_NODE,
    },
    readme: { express: ['express'], passport: ['express', 'passport'] },
    tsc: ['tsconfig.json', 'tsconfig.bundler.json'],
  },
  {
    name: 'express-5-passport-0.7',
    template: 'express',
    lwa: ['@lwa-kit/core', '@lwa-kit/emulator', '@lwa-kit/passport', '@lwa-kit/express'],
    deps: {
      express: '5.2.1',
      '@types/express': '5.0.6',
      passport: '0.7.0',
      ...TYPES_NODE,
    },
    readme: { express: ['express'], passport: ['express', 'passport'] },
    tsc: ['tsconfig.json', 'tsconfig.bundler.json'],
  },
  {
    name: 'next-auth-4',
    template: 'next-auth-4',
    lwa: NEXT_LWA,
    deps: { ...NEXT_APP, 'next-auth': '4.24.15' },
    readme: { 'next-auth': ['next', 'next-auth', 'react'] },
    tsc: NEXT_TSC,
  },
  {
    name: 'next-auth-5',
    template: 'next-auth-5',
    lwa: NEXT_LWA,
    // next-auth 5.0.0-beta.32 depends on @auth/core 0.41.3 exactly; listed to check the README.
    deps: { ...NEXT_APP, 'next-auth': '5.0.0-beta.32', '@auth/core': '0.41.3' },
    readme: { 'next-auth': ['next', 'next-auth', '@auth/core', 'react'] },
    tsc: NEXT_TSC,
  },
  {
    name: 'better-auth-1',
    template: 'better-auth',
    lwa: ['@lwa-kit/core', '@lwa-kit/emulator', '@lwa-kit/better-auth'],
    deps: { 'better-auth': '1.7.25', ...TYPES_NODE },
    readme: { 'better-auth': ['better-auth'] },
    tsc: ['tsconfig.json', 'tsconfig.bundler.json'],
  },
]

/** Installs, checks and runs one matrix consumer inside the release check. */
export async function runMatrixConsumer(ctx, consumer) {
  const { repoRoot, work, registryUrl, version, check, ensureOk, assert } = ctx
  const dir = join(work, `matrix-${consumer.name}`)
  const label = consumer.node ? ` on Node ${consumer.node}` : ''
  await check(`matrix ${consumer.name}${label}: npm install, npm ls, tsc, run`, async () => {
    const bin = consumer.node ? ensureNode(consumer.node) : dirname(process.execPath)
    const env = cleanEnv({
      PATH: `${bin}:${process.env.PATH}`,
      LWA_CONSUMER: consumer.name,
      LWA_REPO_ROOT: repoRoot,
    })
    cpSync(join(templates, consumer.template), dir, { recursive: true })
    const manifestPath = join(dir, 'package.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
    manifest.name = `lwa-matrix-${consumer.name.replace(/[^a-z0-9-]/g, '-')}`
    manifest.dependencies = {
      ...manifest.dependencies,
      ...Object.fromEntries(consumer.lwa.map((name) => [name, version])),
      ...consumer.deps,
    }
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
    // Only the @lwa-kit scope comes from the throwaway registry.
    writeFileSync(join(dir, '.npmrc'), `@lwa-kit:registry=${registryUrl}\n`)

    const t0 = Date.now()
    ensureOk(
      await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-online'], {
        cwd: dir,
        env,
        timeoutMs: 300_000,
      }),
      'npm install',
    )
    const installMs = Date.now() - t0
    for (const name of consumer.lwa) {
      const installed = join(dir, 'node_modules', name)
      assert(existsSync(installed), `${name} was not installed`)
      assert(!lstatSync(installed).isSymbolicLink(), `${name} is a link, not a tarball`)
      const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))
      assert(pkg.version === version, `${name}@${pkg.version} installed, expected ${version}`)
    }
    for (const [name, wanted] of Object.entries(consumer.deps ?? {})) {
      const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8'))
      assert(pkg.version === wanted, `${name}@${pkg.version} installed, expected ${wanted}`)
    }
    // A clean tree: no missing or invalid peer, no extraneous package.
    ensureOk(await run('npm', ['ls', '--all'], { cwd: dir, env }), 'npm ls --all')

    // Every entry of every adapter re-exports core's very error classes, under import and require.
    const errors = errorIdentityScript(consumer.lwa, dir)
    ensureOk(
      await run('node', ['--input-type=module', '-e', errors], { cwd: dir, env }),
      'error classes',
    )

    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc')
    for (const config of consumer.tsc ?? []) {
      ensureOk(
        await run('node', [tsc, '-p', config], { cwd: dir, env, timeoutMs: 300_000 }),
        `tsc -p ${config}`,
      )
    }
    const result = ensureOk(
      await run('node', ['check.mjs'], { cwd: dir, env, timeoutMs: 480_000 }),
      'node check.mjs',
    )
    const line = result.stdout.trim().split('\n').pop() ?? ''
    assert(line.startsWith('consumer ok'), `no success line from check.mjs:\n${result.stdout}`)
    return `(install ${(installMs / 1000).toFixed(1)} s) ${line.slice('consumer ok'.length).trim()}`
  })
}

/** The entries of the adapters that re-export core's typed errors (next-auth has two). */
const ERROR_ENTRIES = {
  '@lwa-kit/express': ['@lwa-kit/express'],
  '@lwa-kit/passport': ['@lwa-kit/passport'],
  '@lwa-kit/nestjs': ['@lwa-kit/nestjs'],
  '@lwa-kit/better-auth': ['@lwa-kit/better-auth'],
  '@lwa-kit/next-auth': ['@lwa-kit/next-auth', '@lwa-kit/next-auth/auth-js'],
}
/** An entry that loads a peer which only some consumers install. */
const ENTRY_PEER = { '@lwa-kit/next-auth/auth-js': '@auth/core' }

/**
 * An ESM script for a consumer (run in its folder, so that it resolves what the consumer installed):
 * `@lwa-kit/core/errors` and each adapter entry, imported and required, hold the same
 * `InvalidGrantError` and `LwaErrorCode` as `@lwa-kit/core` (one copy of each class, so that
 * `instanceof` works whichever entry an app imports from).
 */
function errorIdentityScript(lwa, dir) {
  const entries = ['@lwa-kit/core/errors', ...lwa.flatMap((name) => ERROR_ENTRIES[name] ?? [])]
  const loadable = entries.filter(
    (entry) => !ENTRY_PEER[entry] || existsSync(join(dir, 'node_modules', ENTRY_PEER[entry])),
  )
  return [
    "import assert from 'node:assert/strict'",
    "import { createRequire } from 'node:module'",
    "const require = createRequire(process.cwd() + '/package.json')",
    "const esmCore = await import('@lwa-kit/core')",
    "const cjsCore = require('@lwa-kit/core')",
    `for (const entry of ${JSON.stringify(loadable)}) {`,
    '  const esm = await import(entry)',
    '  const cjs = require(entry)',
    "  for (const name of ['InvalidGrantError', 'LwaError', 'LwaErrorCode', 'isLwaError']) {",
    "    assert.equal(esm[name], esmCore[name], entry + ' (import): ' + name + ' differs from @lwa-kit/core')",
    "    assert.equal(cjs[name], cjsCore[name], entry + ' (require): ' + name + ' differs from @lwa-kit/core')",
    '  }',
    '}',
  ].join('\n')
}

/** The "## Tested with" table of a package README: first cell → the rest of its row. */
function testedWith(readme) {
  const section = /^## Tested with\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1]
  if (!section) return undefined
  const rows = new Map()
  for (const line of section.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim())
    if (cells.length >= 4 && !/^-+$/.test(cells[1])) rows.set(cells[1], cells.slice(2).join(' '))
  }
  return rows
}

/**
 * What the package READMEs' "Tested with" tables get wrong: a matrix version they do not list, or
 * a Node of CI's matrix missing from the Node.js row. Empty when every table is true.
 * @param {string} repoRoot
 * @param {string[]} folders every published package's folder under packages/
 * @returns {string[]}
 */
export function testedWithProblems(repoRoot, folders) {
  const problems = []
  const tables = new Map()
  for (const folder of folders) {
    const rows = testedWith(readFileSync(join(repoRoot, 'packages', folder, 'README.md'), 'utf8'))
    if (!rows) {
      problems.push(`packages/${folder}/README.md has no "## Tested with" table`)
      continue
    }
    tables.set(folder, rows)
    const nodeRow = rows.get('Node.js') ?? ''
    for (const version of NODE_MATRIX) {
      const [major, minor] = version.split('.')
      const listed = major === NODE_MATRIX[0].split('.')[0] ? `${major}.${minor}` : major
      if (!new RegExp(`(^|[^\\d.])${listed.replace('.', '\\.')}($|[^\\d])`).test(nodeRow))
        problems.push(`packages/${folder}/README.md: the Node.js row does not list ${listed}`)
    }
  }
  for (const consumer of MATRIX) {
    for (const [folder, subjects] of Object.entries(consumer.readme ?? {})) {
      const rows = tables.get(folder)
      if (!rows) continue
      for (const subject of subjects) {
        const wanted = consumer.deps?.[subject]
        const row = [...rows].find(([first]) => first.includes(`\`${subject}\``))?.[1]
        if (!row) problems.push(`packages/${folder}/README.md: no "Tested with" row for ${subject}`)
        else if (wanted && !row.includes(wanted))
          problems.push(
            `packages/${folder}/README.md: "Tested with" does not list ${subject} ${wanted} (${consumer.name})`,
          )
      }
    }
  }
  return problems
}
