// The shared walk of every sample (tools/testing/sample-walk.mjs) against this app (`next start`
// of the build) and an emulator; screenshots in test-output/walk/. next-auth has no device flow:
// the walk checks that /device says so.
import { fileURLToPath } from 'node:url'
import { type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { walkSample } from '../../../tools/testing/sample-walk.mjs'
import { startNextApp } from './next-app'

let emulator: Emulator
let app: Awaited<ReturnType<typeof startNextApp>>

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  app = await startNextApp(emulator)
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

describe('next-demo in Chromium', () => {
  it('passes the samples walk', async () => {
    const shots = await walkSample({
      appUrl: app.url,
      emulator,
      callbackPath: '/api/auth/callback/amazon',
      device: false,
      outDir: fileURLToPath(new URL('../test-output/walk', import.meta.url)),
    })
    expect(shots).toHaveLength(11)
    // Cancel and a forged callback: one line each from next-auth at most, never a stack trace.
    expect(app.output()).not.toMatch(/\n\s+at /)
  }, 180_000)
})
