// The shared walk of every sample (tools/testing/sample-walk.mjs) against this app and an
// emulator; screenshots in test-output/walk/.
import { fileURLToPath } from 'node:url'
import { type Emulator, startEmulator } from '@lwa-kit/emulator'
import type { INestApplication } from '@nestjs/common'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { walkSample } from '../../../tools/testing/sample-walk.mjs'
import { startDemo } from './start-app.js'

let emulator: Emulator
let app: INestApplication
let base: string

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, options: { codePairIntervalSeconds: 1 } })
  ;({ app, base } = await startDemo(emulator))
})

afterAll(async () => {
  await app?.close()
  await emulator?.close()
})

describe('nest-demo in Chromium', () => {
  it('passes the samples walk', async () => {
    const shots = await walkSample({
      appUrl: base,
      emulator,
      callbackPath: '/auth/amazon/callback',
      device: true,
      outDir: fileURLToPath(new URL('../test-output/walk', import.meta.url)),
    })
    expect(shots).toHaveLength(12)
  }, 180_000)
})
