import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import * as entry from '../src/endpoints.js'
import { DEMO, emulatorEndpoints, startEmulator } from '../src/index.js'

describe('emulatorEndpoints', () => {
  it('gives a running emulator’s endpoints from its URL, for every region', async () => {
    const emulator = await startEmulator({ port: 0, host: '127.0.0.1' })
    try {
      expect(emulatorEndpoints(emulator.url)).toEqual(emulator.endpoints)
      for (const region of ['NA', 'EU', 'FE'] as const)
        expect(emulatorEndpoints(`${emulator.url}//`, region)).toEqual(
          emulator.endpointsFor(region),
        )
      const res = await fetch(emulatorEndpoints(emulator.url, 'EU').tokenInfoEndpoint)
      expect(res.status).toBe(400)
    } finally {
      await emulator.close()
    }
  })

  it('lays out NA at the root and the Music API at the root for every region', () => {
    const eu = emulatorEndpoints('http://127.0.0.1:4100/', 'EU')
    expect(eu.tokenEndpoint).toBe('http://127.0.0.1:4100/eu/auth/o2/token')
    expect(eu.musicApiBase).toBe('http://127.0.0.1:4100')
    expect(emulatorEndpoints('http://127.0.0.1:4100').authorizationEndpoint).toBe(
      'http://127.0.0.1:4100/ap/oa',
    )
  })
})

describe('@lwa-kit/emulator/endpoints', () => {
  it('exports the demo ids, the same values as the main entry', () => {
    expect(Object.keys(entry).sort()).toEqual(['DEMO', 'REGION_PREFIX', 'emulatorEndpoints'])
    expect(entry.DEMO).toEqual(DEMO)
    expect(entry.DEMO.webClient.clientId).toBe(entry.DEMO.webClientId)
  })

  it('bundles for a neutral (edge) platform with no Node import', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../src/endpoints.ts', import.meta.url))],
      bundle: true,
      platform: 'neutral',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.some((file) => file.endsWith('demo.ts'))).toBe(true)
    // Every import is bundled source: nothing external, no Node built-in.
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports)
    expect(imports.filter((imported) => imported.external || /^node:/.test(imported.path))).toEqual(
      [],
    )
    const code = result.outputFiles[0]!.text
    expect(code).not.toMatch(/\bnode:|\brequire\(|\bprocess\.|\bBuffer\b/)
    expect(code).toContain(DEMO.webClientId)
    // The ids only: not the demo configuration nor any server code.
    expect(code).not.toContain('LWA Kit Demo')
    expect(code).not.toMatch(/createServer|listen\(/)
  })
})
