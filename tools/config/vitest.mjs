// Shared vitest settings: tests import every @lwa-kit package from its source, so they never
// wait for a build and always test the code beside them.
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** Aliases `@lwa-kit/<name>` to `packages/<name>/src/index.ts` for every package that has one. */
export function sourceAliases() {
  const packagesDir = join(root, 'packages')
  const alias = []
  for (const name of readdirSync(packagesDir)) {
    const entry = join(packagesDir, name, 'src', 'index.ts')
    if (existsSync(entry))
      alias.push({ find: new RegExp(`^@lwa-kit/${name}$`), replacement: entry })
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
