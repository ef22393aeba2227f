import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { transform } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { BUILT, PACKAGE_DIR, run, waitForBuild } from './run-helpers.js'

const readme = readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8')
const recipes = [...readme.matchAll(/<!-- recipe: (\S+) -->\n```ts\n([\s\S]*?)```\n/g)]

describe('README recipes', () => {
  it('each recipe block is the test file it names, word for word', () => {
    expect(recipes.map((m) => m[1])).toEqual([
      'test/recipes/vitest.recipe.test.ts',
      'test/recipes/node-test.recipe.ts',
      'test/recipes/playwright.recipe.browser.test.ts',
    ])
    for (const [, file, code] of recipes)
      expect(code).toBe(readFileSync(join(PACKAGE_DIR, file!), 'utf8'))
  })

  it('the node:test recipe passes under node --test, against the built package', async () => {
    await waitForBuild(BUILT)
    const source = readFileSync(join(PACKAGE_DIR, 'test/recipes/node-test.recipe.ts'), 'utf8')
    const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20' })
    // Inside the package, so '@lwa-kit/emulator/testing' resolves as it does for a user.
    const dir = mkdtempSync(join(PACKAGE_DIR, 'test', '.node-test-recipe-'))
    try {
      writeFileSync(join(dir, 'recipe.test.mjs'), code)
      const child = run(process.execPath, [
        '--test',
        '--test-reporter=tap',
        join(dir, 'recipe.test.mjs'),
      ])
      const exit = await child.stop()
      expect(child.output()).toMatch(/# pass 2/)
      expect(child.output()).toMatch(/# fail 0/)
      expect(exit).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
