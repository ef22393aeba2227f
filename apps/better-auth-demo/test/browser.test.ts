// The shared walk of every sample (tools/testing/sample-walk.mjs) against this app and an
// emulator; screenshots in test-output/walk/.
import { fileURLToPath } from 'node:url'
import { type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { walkSample } from '../../../tools/testing/sample-walk.mjs'
import { startApp } from '../src/app.js'

let emulator: Emulator
let app: { url: string; close(): Promise<void> }

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, options: { codePairIntervalSeconds: 1 } })
  app = await startApp({ port: 0, host: '127.0.0.1', lwaEmulatorUrl: emulator.url })
  emulator.allowReturnUrl(`${app.url}/api/auth/callback/amazon`)
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

describe('better-auth demo in Chromium', () => {
  it('passes the samples walk', async () => {
    const shots = await walkSample({
      appUrl: app.url,
      emulator,
      callbackPath: '/api/auth/callback/amazon',
      device: true,
      outDir: fileURLToPath(new URL('../test-output/walk', import.meta.url)),
    })
    expect(shots).toHaveLength(12)
  }, 180_000)
})
