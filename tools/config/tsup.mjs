// Shared tsup settings for every published @lwa-kit package: dual ESM + CJS with types for both.
import { defineConfig } from 'tsup'

/**
 * @param {{ entry?: Record<string, string> | string[], platform?: 'node' | 'neutral', external?: string[], banner?: Record<string,string> }} [options]
 */
export function libraryConfig(options = {}) {
  return defineConfig({
    entry: options.entry ?? ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: options.platform ?? 'node',
    external: options.external ?? [],
    banner: options.banner,
    splitting: false,
    treeshake: true,
  })
}
