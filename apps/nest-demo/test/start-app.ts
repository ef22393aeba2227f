// Starts the demo the way main.ts does, inside Nest's testing module, on 127.0.0.1:0.
import 'reflect-metadata'
import { DEMO, type Emulator } from '@lwa-kit/emulator'
import type { INestApplication } from '@nestjs/common'
import { Test } from '@nestjs/testing'
import { AppModule, configureApp } from '../src/main.js'

export async function startDemo(
  emulator: Emulator,
  env: Record<string, string> = {},
): Promise<{ app: INestApplication; base: string }> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.register({
        PORT: '0',
        LWA_EMULATOR_URL: emulator.url,
        LWA_CLIENT_ID: DEMO.webClientId,
        LWA_CLIENT_SECRET: DEMO.webClientSecret,
        ...env,
      }),
    ],
  }).compile()
  const app = configureApp(moduleRef.createNestApplication({ logger: false }))
  await app.listen(0, '127.0.0.1')
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1')
  emulator.allowReturnUrl(`${base}/auth/amazon/callback`)
  return { app, base }
}
