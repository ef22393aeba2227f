import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url))

describe('core runs on any platform', () => {
  it('bundles for platform neutral with no node: import and no Node-only global', async () => {
    const imports: string[] = []
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      logLevel: 'silent',
      metafile: true,
      plugins: [
        {
          name: 'record-imports',
          setup(pluginBuild) {
            pluginBuild.onResolve({ filter: /.*/ }, (args) => {
              if (args.kind !== 'entry-point' && !args.path.startsWith('.')) imports.push(args.path)
              return undefined
            })
          },
        },
      ],
    })
    expect(result.errors).toEqual([])
    expect(imports.filter((path) => path.startsWith('node:'))).toEqual([])
    expect(imports).toEqual([]) // zero run-time dependencies
    const code = result.outputFiles[0]?.text ?? ''
    expect(code.length).toBeGreaterThan(1000)
    expect(code).not.toMatch(/\bBuffer\.|\bprocess\.|require\(/)
  })
})
