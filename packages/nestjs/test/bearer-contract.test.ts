// The adapter contract's bearer cases (tools/testing/adapter-contract.mjs) through LwaBearerGuard
// in a real Nest app (Express platform).
import 'reflect-metadata'
import { LwaBearerGuard, LwaModule, LwaUser } from '@lwa-kit/nestjs'
import { Controller, Get, Module, UseGuards } from '@nestjs/common'
import { Test } from '@nestjs/testing'
import { runBearerContract } from '../../../tools/testing/adapter-contract.mjs'

@Controller()
class BearerController {
  @Get('api/me')
  @UseGuards(LwaBearerGuard)
  me(@LwaUser('userId') userId: string) {
    return { userId }
  }

  @Get('slow/api/me')
  @UseGuards(LwaBearerGuard)
  slow(@LwaUser('userId') userId: string) {
    return { userId }
  }
}

runBearerContract({
  name: 'LwaBearerGuard (Nest 11)',
  start: async (env) => {
    @Module({
      imports: [
        LwaModule.forRoot({
          clientId: env.clientId,
          endpoints: env.endpoints,
          timeoutMs: env.timeoutMs,
        }),
      ],
      controllers: [BearerController],
    })
    class AppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile()
    const app = moduleRef.createNestApplication({ logger: false })
    app.use('/slow', env.answerFirst.middleware)
    await app.listen(0, '127.0.0.1')
    return { url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), close: () => app.close() }
  },
})
