import { describe, expect, it } from 'vitest'
import { emulatorEndpoints, startEmulator } from '../src/index.js'

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
