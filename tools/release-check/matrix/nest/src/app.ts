// A Nest app as the @lwa-kit/nestjs README writes it: LwaModule.forRoot, the sign-in and callback
// routes behind LwaAuthGuard, a bearer API behind LwaBearerGuard, and the Music service.
import 'reflect-metadata'
import type { AddressInfo } from 'node:net'
import type { LwaEndpoints } from '@lwa-kit/core'
import {
  LwaAuthGuard,
  LwaBearerGuard,
  LwaModule,
  LwaMusicService,
  LwaUser,
  lwaReturnTo,
} from '@lwa-kit/nestjs'
import {
  Controller,
  Get,
  type INestApplication,
  Inject,
  Module,
  Param,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import type { Request, Response } from 'express'

@Controller('auth/amazon')
class AuthController {
  @Get()
  @UseGuards(LwaAuthGuard)
  login() {}

  @Get('callback')
  @UseGuards(LwaAuthGuard)
  callback(@LwaUser() user: LwaUser, @Req() req: Request, @Res() res: Response) {
    res.redirect(`${lwaReturnTo(req, '/')}?user=${encodeURIComponent(user.userId)}`)
  }
}

@Controller()
class ApiController {
  constructor(@Inject(LwaMusicService) private readonly music: LwaMusicService) {}

  @Get('api/me')
  @UseGuards(LwaBearerGuard)
  me(@LwaUser() user: LwaUser) {
    return { userId: user.userId }
  }

  @Get('music/:userId')
  async musicOf(@Param('userId') userId: string) {
    return this.music.me(userId)
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
