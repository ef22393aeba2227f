// A Nest app as the @lwa-kit/nestjs README writes it: LwaModule.forRoot with sessions, the sign-in
// and callback routes behind LwaAuthGuard, LwaSessionService's session and sign-out, a bearer API
// behind LwaBearerGuard, and the Music service for the session's user.
import 'reflect-metadata'
import type { AddressInfo } from 'node:net'
import type { LwaEndpoints } from '@lwa-kit/core'
import {
  LwaAuthGuard,
  LwaBearerGuard,
  LwaModule,
  LwaMusicService,
  LwaSessionService,
  LwaUser,
  lwaReturnTo,
} from '@lwa-kit/nestjs'
import {
  All,
  Controller,
  Get,
  type INestApplication,
  Inject,
  Module,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import type { Request, Response } from 'express'

@Controller()
class AuthController {
  constructor(
    @Inject(LwaSessionService) private readonly sessions: LwaSessionService,
    @Inject(LwaMusicService) private readonly music: LwaMusicService,
  ) {}

  @Get('auth/amazon')
  @UseGuards(LwaAuthGuard)
  login() {}

  @Get('auth/amazon/callback')
  @UseGuards(LwaAuthGuard)
  async callback(@Req() req: Request, @Res() res: Response) {
    await this.sessions.signIn(req, res)
    res.redirect(303, lwaReturnTo(req, '/'))
  }

  @All('auth/logout')
  logout(@Req() req: Request, @Res() res: Response) {
    return this.sessions.signOut(req, res, '/')
  }

  @Get('library')
  async library(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const user = await this.sessions.user(req, res)
    if (!user?.key) return { signedIn: false }
    return { signedIn: true, userId: user.userId, me: await this.music.me(user.key) }
  }
}

@Controller()
class ApiController {
  @Get('api/me')
  @UseGuards(LwaBearerGuard)
  me(@LwaUser() user: LwaUser) {
    return { userId: user.userId }
  }
}

export interface AppSettings {
  clientId: string
  clientSecret: string
  endpoints: LwaEndpoints
}

/** Starts the app on 127.0.0.1 (a free port). */
export async function startApp(settings: AppSettings): Promise<{
  app: INestApplication
  url: string
}> {
  @Module({
    imports: [
      LwaModule.forRoot({
        isGlobal: true,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        endpoints: settings.endpoints,
        callbackURL: '/auth/amazon/callback',
        scope: ['profile', 'music::library:read'],
        stateSecret: 'a-state-secret-of-at-least-32-characters',
        session: {},
      }),
    ],
    controllers: [AuthController, ApiController],
  })
  class AppModule {}

  const app = await NestFactory.create(AppModule, { logger: false })
  await app.listen(0, '127.0.0.1')
  const { port } = app.getHttpServer().address() as AddressInfo
  return { app, url: `http://127.0.0.1:${port}` }
}
