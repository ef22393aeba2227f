// Shared vitest settings: tests import every @lwa-kit package from its source, so they never
// wait for a build and always test the code beside them.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * Aliases `@lwa-kit/<name>` to `packages/<name>/src/index.ts` for every package that has one, and
 * each subpath export `@lwa-kit/<name>/<sub>` to its source: `src/public-<sub>.ts`, or else
 * `src/<sub>.ts` (core's `./errors` is `src/public-errors.ts`, next-auth's `./auth-js` is
 * `src/auth-js.ts`), so that a test meets one copy of every module, as users of the build do.
 */
export function sourceAliases() {
  const packagesDir = join(root, 'packages')
  const alias = []
  for (const name of readdirSync(packagesDir)) {
    const src = join(packagesDir, name, 'src')
    const entry = join(src, 'index.ts')
    if (!existsSync(entry)) continue
    alias.push({ find: new RegExp(`^@lwa-kit/${name}$`), replacement: entry })
    const { exports = {} } = JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8'))
    for (const key of Object.keys(exports)) {
      const sub = /^\.\/([a-z0-9-]+)$/.exec(key)?.[1]
      if (!sub || sub === 'package') continue
      const source = [`public-${sub}.ts`, `${sub}.ts`].map((f) => join(src, f)).find(existsSync)
      if (source) alias.push({ find: new RegExp(`^@lwa-kit/${name}/${sub}$`), replacement: source })
    }
  }
  return alias
}

/** @param {import('vitest/config').UserConfig['test']} [test] */
export function packageTestConfig(test = {}) {
  return defineConfig({
    resolve: { alias: sourceAliases() },
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      pool: 'forks',
      ...test,
    },
  })
}
