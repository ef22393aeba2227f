import 'reflect-metadata'
import { MemoryTokenStore } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { LwaDeviceService, LwaModule, LwaTokenService } from '@lwa-kit/nestjs'
import { Controller, Get, Inject, Module, Post, Req, Res } from '@nestjs/common'
import { Test } from '@nestjs/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser } from './helpers.js'

@Controller('device')
class DeviceController {
  constructor(@Inject(LwaDeviceService) readonly devices: LwaDeviceService) {}

  @Post('start')
  start(@Req() req: DeviceRequest, @Res() res: DeviceResponse) {
    return this.devices.start(req, res)
  }

  @Get('status')
  status(@Req() req: DeviceRequest, @Res() res: DeviceResponse) {
    return this.devices.status(req, res)
  }
}

type DeviceRequest = Parameters<LwaDeviceService['start']>[0]
type DeviceResponse = Parameters<LwaDeviceService['start']>[1]

describe('device linking with a device client of its own, beside a global web-client module', () => {
  let emulator: Emulator

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { codePairIntervalSeconds: 1 } })
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
          device: {
            scope: 'amazon_music:access',
            secret: 'a-device-module-secret-of-32-characters!',
          },
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
      const base = (await app.getUrl()).replace('[::1]', '127.0.0.1')
      const browser = new Browser()
      const start = await (await browser.fetch(`${base}/device/start`, { method: 'POST' })).json()
      expect(emulator.requests().find((r) => r.endpoint === 'codepair')?.client_id).toBe(
        DEMO.deviceClientId,
      )
      emulator.approveDevice({ userCode: start.userCode, userId: DEMO.users.alice.userId })
      await new Promise((resolve) => setTimeout(resolve, 1150)) // the pair's interval
      expect(await (await browser.get(`${base}/device/status`)).json()).toMatchObject({
        status: 'linked',
      })
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
