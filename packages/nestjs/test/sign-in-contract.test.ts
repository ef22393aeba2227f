// The adapter contract's sign-in cases (tools/testing/sign-in-contract.mjs) through LwaAuthGuard
// (Passport's AmazonStrategy with the sealed-cookie state store) in a real Nest app.
import 'reflect-metadata'
import { LwaAuthGuard, LwaModule, lwaReturnTo } from '@lwa-kit/nestjs'
import { Controller, Get, Module, Req, Res, UseGuards } from '@nestjs/common'
import { Test } from '@nestjs/testing'
import { runSignInContract } from '../../../tools/testing/sign-in-contract.mjs'

@Controller('auth/amazon')
class AuthController {
  @Get('login')
  @UseGuards(LwaAuthGuard)
  login(): void {}

  @Get('callback')
  @UseGuards(LwaAuthGuard)
  callback(@Req() req: unknown, @Res() res: { redirect(status: number, url: string): void }) {
    res.redirect(303, lwaReturnTo(req))
  }
}

runSignInContract({
  name: 'LwaAuthGuard (Nest 11, Passport AmazonStrategy)',
  login: '/auth/amazon/login',
  callback: '/auth/amazon/callback',
  start: async (env) => {
    @Module({
      imports: [
        LwaModule.forRoot({
          clientId: env.clientId,
          clientSecret: env.clientSecret,
          endpoints: env.endpoints,
          callbackURL: env.callbackPath,
          stateSecret: env.secret,
          timeoutMs: env.timeoutMs,
        }),
      ],
      controllers: [AuthController],
    })
    class AppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile()
    const app = moduleRef.createNestApplication({ logger: false })
    await app.listen(0, '127.0.0.1')
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1')
    env.allowReturnUrl(`${url}${env.callbackPath}`)
    return { url, close: () => app.close() }
  },
})
