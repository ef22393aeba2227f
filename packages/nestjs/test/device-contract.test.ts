// The adapter contract's device-linking cases (tools/testing/device-contract.mjs) through
// LwaDeviceService in a real Nest app. The app signs the browser in on `linked` with a session of
// core's (createWebSession), the way an app's sign-in callback would.
import 'reflect-metadata'
import { createWebSession, MemoryTokenStore, nodeWebRequest } from '@lwa-kit/core'
import { LwaDeviceService, LwaModule } from '@lwa-kit/nestjs'
import { All, Controller, Get, Inject, Module, Req, Res } from '@nestjs/common'
import { Test } from '@nestjs/testing'
import { runDeviceContract } from '../../../tools/testing/device-contract.mjs'

type DeviceRequest = Parameters<LwaDeviceService['start']>[0]
type DeviceResponse = Parameters<LwaDeviceService['start']>[1] & {
  appendHeader(name: string, value: string): unknown
  json(body: unknown): void
}

runDeviceContract({
  name: 'LwaDeviceService (Nest 11)',
  startPath: '/auth/amazon/device/start',
  statusPath: '/auth/amazon/device/status',
  start: async (env) => {
    const sessionStore = new MemoryTokenStore()
    const appSessions = createWebSession<{ userId: string }>({
      secret: env.secret,
      store: sessionStore,
    })

    @Controller()
    class DeviceController {
      constructor(@Inject(LwaDeviceService) private readonly devices: LwaDeviceService) {}

      @All('auth/amazon/device/start')
      start(@Req() req: DeviceRequest, @Res() res: DeviceResponse) {
        return this.devices.start(req, res)
      }

      @Get('auth/amazon/device/status')
      status(@Req() req: DeviceRequest, @Res() res: DeviceResponse) {
        return this.devices.status(req, res, async (user, tokens) => {
          const issued = await appSessions.issue(nodeWebRequest(req, false), 'device', {
            userId: user.userId,
          })
          await sessionStore.set(issued.key, tokens)
          res.appendHeader('set-cookie', issued.cookie)
        })
      }

      @Get('me')
      async me(@Req() req: DeviceRequest, @Res() res: DeviceResponse) {
        const session = await appSessions.open(nodeWebRequest(req, false))
        res.json({ user: session?.data.userId ?? null })
      }
    }

    @Module({
      imports: [
        LwaModule.forRoot({
          clientId: env.clientId,
          clientSecret: env.clientSecret,
          endpoints: env.endpoints,
          ...(env.store ? { store: env.store } : {}),
          ...(env.device ? { device: { secret: env.secret } } : {}),
        }),
      ],
      controllers: [DeviceController],
    })
    class AppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile()
    const app = moduleRef.createNestApplication({ logger: false })
    if (env.answerFirst) app.use(env.answerFirst.middleware)
    await app.listen(0, '127.0.0.1')
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1')
    // Without `session` the module keeps a sign-in's tokens under the Amazon user id.
    return { url, close: () => app.close(), tokensByUserId: true }
  },
})
