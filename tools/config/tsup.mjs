// Shared tsup settings for every published @lwa-kit package: dual ESM + CJS with types for both.
import { defineConfig } from 'tsup'

/**
 * @param {{ entry?: Record<string, string> | string[], platform?: 'node' | 'neutral', external?: string[], banner?: Record<string,string>, splitting?: boolean }} [options]
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
    // Off unless a package has several entries sharing classes: then on, so that each class
    // exists once (in a shared chunk) and `instanceof` holds across the entries.
    splitting: options.splitting ?? false,
    treeshake: true,
  })
}
