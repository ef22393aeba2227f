import 'reflect-metadata'
import { MemoryTokenStore } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { LwaDeviceService, LwaModule, LwaTokenService } from '@lwa-kit/nestjs'
import { Controller, Inject, Module, Post } from '@nestjs/common'
import { Test } from '@nestjs/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

@Controller('device')
class DeviceController {
  constructor(@Inject(LwaDeviceService) readonly devices: LwaDeviceService) {}

  @Post()
  start() {
    return this.devices.start()
  }
}

describe('device linking with a device client of its own, beside a global web-client module', () => {
  let emulator: Emulator

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 })
  })
  afterAll(async () => {
    await emulator?.close()
  })

  it('a feature module importing LwaModule.forRoot for the device client uses that client', async () => {
    const deviceStore = new MemoryTokenStore()
    const webStore = new MemoryTokenStore()
    @Module({
      imports: [
        LwaModule.forRoot({
          clientId: DEMO.deviceClientId,
          endpoints: emulator.endpoints,
          store: deviceStore,
          device: { scope: 'amazon_music:access', pollIntervalMs: 1000 },
        }),
      ],
      controllers: [DeviceController],
    })
    class DeviceModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [
        LwaModule.forRoot({
          isGlobal: true,
          clientId: DEMO.webClientId,
          clientSecret: DEMO.webClientSecret,
          endpoints: emulator.endpoints,
          store: webStore,
        }),
        DeviceModule,
      ],
    }).compile()
    const app = moduleRef.createNestApplication({ logger: false })
    await app.listen(0, '127.0.0.1')
    try {
      emulator.clearRequests()
      const start = await (await fetch(`${await app.getUrl()}/device`, { method: 'POST' })).json()
      expect(emulator.requests().find((r) => r.endpoint === 'codepair')?.client_id).toBe(
        DEMO.deviceClientId,
      )
      emulator.approveDevice({ userCode: start.userCode, userId: DEMO.users.alice.userId })
      const devices = app.select(DeviceModule).get(LwaDeviceService)
      expect(await devices.wait(start.id)).toMatchObject({ status: 'linked' })
      // The device client's tokens are in the device module's store, refreshable by that client.
      const stored = await deviceStore.get(DEMO.users.alice.userId)
      expect(stored?.scope).toEqual(['amazon_music:access'])
      const deviceTokens = app.select(DeviceModule).get(LwaTokenService)
      await deviceTokens.setTokens(DEMO.users.alice.userId, { ...stored!, expiresAt: 0 })
      expect(await deviceTokens.getAccessToken(DEMO.users.alice.userId)).toMatch(/^Atza\|/)
      const refresh = emulator.requests().filter((r) => r.grant_type === 'refresh_token')
      expect(refresh.map((r) => r.client_id)).toEqual([DEMO.deviceClientId])
      // The global web-client module is untouched.
      expect(await webStore.get(DEMO.users.alice.userId)).toBeUndefined()
    } finally {
      await app.close()
    }
  })
})
