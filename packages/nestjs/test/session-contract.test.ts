// The adapter contract's session cases (tools/testing/session-contract.mjs) through
// LwaSessionService in a real Nest app: LwaAuthGuard signs in, the service keeps the session.
import 'reflect-metadata'
import { LwaAuthGuard, LwaModule, LwaSessionService, lwaReturnTo } from '@lwa-kit/nestjs'
import {
  All,
  Controller,
  Get,
  HttpCode,
  Inject,
  Module,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common'
import { Test } from '@nestjs/testing'
import { runSessionContract } from '../../../tools/testing/session-contract.mjs'

type Request = Parameters<LwaSessionService['signIn']>[0]
type Response = Parameters<LwaSessionService['signIn']>[1] & {
  redirect(status: number, url: string): void
}

@Controller()
class AuthController {
  constructor(@Inject(LwaSessionService) private readonly sessions: LwaSessionService) {}

  @Get('auth/amazon/login')
  @UseGuards(LwaAuthGuard)
  login(): void {}

  @Get('auth/amazon/callback')
  @UseGuards(LwaAuthGuard)
  async callback(@Req() req: Request, @Res() res: Response) {
    await this.sessions.signIn(req, res)
    res.redirect(303, lwaReturnTo(req))
  }

  @All('auth/amazon/logout')
  logout(@Req() req: Request, @Res() res: Response) {
    return this.sessions.signOut(req, res)
  }

  @Post('end')
  @HttpCode(204)
  async end(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.sessions.end(req, res)
  }

  @Get('me')
  async me(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return { user: (await this.sessions.user(req, res))?.userId ?? null }
  }
}

runSessionContract({
  name: 'LwaSessionService (Nest 11, LwaAuthGuard)',
  login: '/auth/amazon/login',
  callback: '/auth/amazon/callback',
  logout: '/auth/amazon/logout',
  end: '/end',
  start: async (env) => {
    @Module({
      imports: [
        LwaModule.forRoot({
          clientId: env.clientId,
          clientSecret: env.clientSecret,
          endpoints: env.endpoints,
          callbackURL: env.callbackPath,
          stateSecret: env.secret,
          session: {},
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
