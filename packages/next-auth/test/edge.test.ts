// Both entries must run on edge runtimes (Next middleware): bundle them for a browser-like platform
// with esbuild, which fails on any Node built-in, and check no Node-only global is touched.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../src/${entry}`, import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['edge-light', 'worker', 'browser'],
    // esbuild's alias also matches subpaths, so core's `./errors` entry gets its own.
    alias: {
      '@lwa-kit/core/errors': `${root}packages/core/src/public-errors.ts`,
      '@lwa-kit/core': `${root}packages/core/src/index.ts`,
    },
    // The framework itself is the host's business; what we ship must not need Node.
    external: ['@auth/core', 'next-auth', 'next-auth/*'],
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

describe('edge runtime', () => {
  for (const entry of ['index.ts', 'auth-js.ts']) {
    it(`${entry} bundles without Node built-ins or Node globals`, async () => {
      const code = await bundle(entry)
      expect(code).toContain('Symbol.for("@lwa-kit/core.held-token-refresh")')
      expect(code).not.toMatch(/\bfrom\s+["']node:|require\(["']node:/)
      expect(code).not.toMatch(/\bBuffer\.|\bprocess\.(env|nextTick|versions)/)
    })
  }
})
