#!/usr/bin/env node
// The release check: publish the @lwa-kit packages to a throwaway registry the way a release does,
// then install them into fresh consumer projects the way users do, and run real flows there.
//
// 1. verdaccio 6.8.0 on 127.0.0.1 (free port), config + storage in a temporary folder, no uplinks.
// 2. A scratch copy of the repo: `npm run version` (changeset version + lockfile update), with a
//    temporary changeset when none is pending.
// 3. `changeset publish` to verdaccio with a throwaway user config holding a dummy token.
// 4. Publishing the same version again is refused (npm publish fails with E403; changeset publish
//    skips it and says so) and the registry still holds one version.
// 5. Consumers in fresh folders outside the repo install @lwa-kit/* from verdaccio only (scope
//    registry) and everything else from the default registry: CommonJS JS (checkJs) and TypeScript
//    bundled with esbuild (bundler resolution). Each type-checks with skipLibCheck false, signs in
//    against the emulator installed from the registry, links a device, and exits 0.
// 6. The version matrix (lib/matrix.mjs): consumers beside each supported major of Nest,
//    @nestjs/passport, Express, passport, ioredis, next-auth and Better Auth, each with a plain npm
//    install, a clean `npm ls`, strict type checks, and a run against the emulator.
// 7. Every process it started is ended by PID and every folder removed.
//
// Usage: node tools/release-check/release-check.mjs [--keep] [--only name,name]
//   --keep: keep the temporary folder to debug; --only: run only the named consumers
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startRegistry } from './lib/registry.mjs'
import { cleanEnv, livePids, run, stopAll } from './lib/run.mjs'
import {
  copyRepo,
  ensureChangeset,
  pendingChangesets,
  publishedPackages,
  readJson,
} from './lib/scratch.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(here, '../..')
const keep = process.argv.includes('--keep')
// --only a,b: publish, then run only the named consumers (cjs, ts-bundler, or a
// matrix entry of lib/matrix.mjs).
const onlyAt = process.argv.indexOf('--only')
const only = onlyAt > 0 ? (process.argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : undefined
const started = Date.now()

const results = []
const log = (line) => console.log(`release-check: ${line}`)

/** Every file path a manifest names in main/module/types/bin/exports. */
function manifestFiles(pkg) {
  const out = new Set()
  const walk = (value) => {
    if (typeof value === 'string') {
      if (value.startsWith('./') && !value.includes('*')) out.add(value)
    } else if (value && typeof value === 'object') {
      for (const v of Object.values(value)) walk(v)
    }
  }
  walk(
    [pkg.main, pkg.module, pkg.types, pkg.bin, pkg.exports].map((v) =>
      typeof v === 'string' && !v.startsWith('./') ? `./${v}` : v,
    ),
  )
  return [...out]
}

async function check(name, fn) {
  const t0 = Date.now()
  try {
    const detail = await fn()
    results.push({ name, ok: true })
    log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)${detail ? ` ${detail}` : ''}`)
    return true
  } catch (error) {
    results.push({ name, ok: false })
    log(`FAIL ${name}: ${error?.stack ?? error}`)
    return false
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message)
}

/** Throws with the command's output when it did not exit 0. */
function ensureOk(result, what) {
  if (result.code !== 0) {
    const tail = (s) => s.split('\n').slice(-40).join('\n')
    throw new Error(
      `${what} exited ${result.code ?? result.signal}\n--- stdout\n${tail(result.stdout)}\n--- stderr\n${tail(result.stderr)}`,
    )
  }
  return result
}

const work = mkdtempSync(join(tmpdir(), 'lwa-release-check-'))
let cleaned = false
async function cleanup() {
  if (cleaned) return
  cleaned = true
  await stopAll()
  if (!keep) rmSync(work, { recursive: true, force: true })
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanup().finally(() => process.exit(130))
  })
}

const packages = publishedPackages(repoRoot)
const names = packages.map((p) => p.pkg.name).sort()
const scratch = join(work, 'repo')
let registry
let version

async function main() {
  for (const { folder, pkg } of packages) {
    const dist = join(repoRoot, 'packages', folder, 'dist')
    assert(
      existsSync(dist),
      `${pkg.name} is not built (${dist} missing): run npx nx run-many -t build`,
    )
  }

  await check('every package README\'s "Tested with" table matches the matrix', async () => {
    const { testedWithProblems } = await import('./lib/matrix.mjs')
    const problems = testedWithProblems(
      repoRoot,
      packages.map((p) => p.folder),
    )
    assert(problems.length === 0, problems.join('\n'))
  })

  const registryUp = await check(
    'verdaccio 6.8.0 starts on 127.0.0.1 with no uplinks',
    async () => {
      const installed = readJson(
        join(repoRoot, 'node_modules', 'verdaccio', 'package.json'),
      ).version
      assert(installed === '6.8.0', `verdaccio ${installed} is installed, expected 6.8.0`)
      registry = await startRegistry({ repoRoot, dir: join(work, 'verdaccio') })
      // No uplinks: a package that was never published here is a 404, not a proxy fetch.
      const res = await fetch(`${registry.url}commander`)
      assert(
        res.status === 404,
        `the registry proxied a package it does not hold (HTTP ${res.status})`,
      )
      return `${registry.url} (PID ${registry.pid})`
    },
  )
  if (!registryUp) return

  // A throwaway user config for publishing: registry + dummy token (npm 11 refuses to publish
  // without one; verdaccio accepts any token as anonymous with `publish: $all`).
  const publishNpmrc = join(work, 'publish.npmrc')
  const hostKey = registry.url.replace(/^http:/, '')
  writeFileSync(
    publishNpmrc,
    `registry=${registry.url}\n${hostKey}:_authToken=release-check-dummy-token\n`,
  )
  const publishEnv = cleanEnv({
    NPM_CONFIG_USERCONFIG: publishNpmrc,
    npm_config_registry: registry.url,
    NODE_PATH: join(repoRoot, 'node_modules'),
    PATH: `${join(repoRoot, 'node_modules', '.bin')}:${process.env.PATH}`,
  })
  const changeset = (args) =>
    run(
      process.execPath,
      [join(repoRoot, 'node_modules', '@changesets', 'cli', 'bin.js'), ...args],
      {
        cwd: scratch,
        env: publishEnv,
      },
    )

  const versioned = await check(
    'npm run version in a scratch copy (changeset version + lockfile)',
    async () => {
      copyRepo(repoRoot, scratch)
      // Every file the manifests point at must be in the copy (a build racing the copy shows here).
      for (const { folder, pkg } of packages) {
        for (const file of manifestFiles(pkg)) {
          assert(
            existsSync(join(scratch, 'packages', folder, file)),
            `${pkg.name}: ${file} (named in package.json) is missing; rebuild the package`,
          )
        }
      }
      const temporary = ensureChangeset(scratch, names)
      const before = pendingChangesets(scratch).length
      // `npm run version` is the root script users run; npm adds the repo's .bin via PATH above.
      const versionEnv = cleanEnv({
        NODE_PATH: join(repoRoot, 'node_modules'),
        PATH: `${join(repoRoot, 'node_modules', '.bin')}:${process.env.PATH}`,
      })
      ensureOk(
        await run('npm', ['run', 'version'], { cwd: scratch, env: versionEnv }),
        'npm run version',
      )
      assert(pendingChangesets(scratch).length === 0, 'changeset version left changesets behind')
      const versions = new Set()
      const lock = readJson(join(scratch, 'package-lock.json'))
      for (const { folder, pkg } of packages) {
        const dir = join(scratch, 'packages', folder)
        const next = readJson(join(dir, 'package.json'))
        versions.add(next.version)
        assert(next.version !== pkg.version, `${pkg.name} was not versioned (still ${pkg.version})`)
        assert(existsSync(join(dir, 'CHANGELOG.md')), `${pkg.name} has no CHANGELOG.md`)
        const locked = lock.packages?.[`packages/${folder}`]?.version
        assert(
          locked === next.version,
          `package-lock.json has ${pkg.name}@${locked}, expected ${next.version}`,
        )
        for (const [dep, range] of Object.entries(next.dependencies ?? {})) {
          if (dep.startsWith('@lwa-kit/')) {
            assert(
              range === next.version,
              `${pkg.name} depends on ${dep}@${range}, not ${next.version}`,
            )
          }
        }
      }
      assert(
        versions.size === 1,
        `the fixed group has several versions: ${[...versions].join(', ')}`,
      )
      version = [...versions][0]
      return `${before} changeset(s)${temporary ? ' (temporary)' : ''} → ${version} for ${names.length} packages`
    },
  )
  if (!versioned) return

  const published = await check('changeset publish to verdaccio', async () => {
    ensureOk(await changeset(['publish', '--no-git-tag']), 'changeset publish')
    for (const name of names) {
      const res = await fetch(`${registry.url}${name.replace('/', '%2f')}`)
      assert(res.ok, `${name} is not on the registry (HTTP ${res.status})`)
      const doc = await res.json()
      assert(doc.versions?.[version], `${name}@${version} is not on the registry`)
      assert(doc['dist-tags']?.latest === version, `${name} latest is ${doc['dist-tags']?.latest}`)
    }
    return `${names.length} packages @ ${version}`
  })
  if (!published) return

  await check('publishing the same version twice is refused', async () => {
    const core = packages.find((p) => p.pkg.name === '@lwa-kit/core') ?? packages[0]
    const again = await run('npm', ['publish', '--access', 'public'], {
      cwd: join(scratch, 'packages', core.folder),
      env: publishEnv,
    })
    assert(again.code !== 0, 'npm publish of an already published version exited 0')
    assert(
      /E403|EPUBLISHCONFLICT|cannot publish over|previously published/i.test(again.stderr),
      `npm publish failed for another reason:\n${again.stderr.slice(-2000)}`,
    )
    const second = ensureOk(
      await changeset(['publish', '--no-git-tag']),
      'second changeset publish',
    )
    const out = second.stdout + second.stderr
    for (const name of names) {
      assert(
        out.includes(
          `${name} is not being published because version ${version} is already published`,
        ),
        `changeset publish did not report ${name}@${version} as already published:\n${out.slice(-2000)}`,
      )
    }
    const doc = await (await fetch(`${registry.url}${core.pkg.name.replace('/', '%2f')}`)).json()
    assert(
      Object.keys(doc.versions).length === 1,
      `the registry holds ${Object.keys(doc.versions)}`,
    )
    return '(npm publish: E403; changeset publish: skipped, exit 0)'
  })

  const { consumers, runConsumer } = await import('./lib/consumers.mjs')
  const { MATRIX, runMatrixConsumer } = await import('./lib/matrix.mjs')
  const ctx = { repoRoot, work, registryUrl: registry.url, version, names, check, ensureOk, assert }
  // The longest first (the Next apps build), so that no long one starts last.
  const matrix = [...MATRIX].sort(
    (a, b) => Number(b.template.startsWith('next')) - Number(a.template.startsWith('next')),
  )
  const queue = [
    ...matrix.map((c) => ({ name: c.name, go: () => runMatrixConsumer(ctx, c) })),
    ...consumers(ctx).map((c) => ({ name: c.kind, go: () => runConsumer(ctx, c) })),
  ].filter((item) => !only || only.includes(item.name))
  const unknown = (only ?? []).filter((name) => !queue.some((item) => item.name === name))
  assert(unknown.length === 0, `--only names no consumer: ${unknown.join(', ')}`)
  // Three at a time: installs wait mostly on the registry, builds and tsc on the two cores.
  const workers = Array.from({ length: 3 }, async () => {
    while (queue.length > 0) await queue.shift().go()
  })
  await Promise.all(workers)
}

let crashed
try {
  await main()
} catch (error) {
  crashed = error
  results.push({ name: 'release check', ok: false })
  log(`FAIL ${error?.stack ?? error}`)
} finally {
  await cleanup()
}
const leftover = livePids()
if (leftover.length > 0) {
  results.push({ name: 'cleanup', ok: false })
  log(`FAIL processes left running: ${leftover.join(', ')}`)
} else if (!keep && existsSync(work)) {
  results.push({ name: 'cleanup', ok: false })
  log(`FAIL ${work} was not removed`)
} else {
  results.push({ name: 'cleanup', ok: true })
  log(`ok   cleanup: every process ended${keep ? `, kept ${work}` : ', temporary folders removed'}`)
}
const failed = results.filter((r) => !r.ok).length
const passed = results.length - failed
log(`${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`)
process.exitCode = failed > 0 || crashed ? 1 : 0
