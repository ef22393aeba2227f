import { LwaAuthGuard, LwaTokenService, LwaUser, lwaReturnTo } from '@lwa-kit/nestjs'
import { Controller, Get, Inject, Post, Req, Res, UseGuards } from '@nestjs/common'
import type { Req as Request, Res as Response } from './http.js'
import { SessionService } from './session.js'

@Controller('auth')
export class AuthController {
  constructor(
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(LwaTokenService) private readonly tokens: LwaTokenService,
  ) {}

  /** Redirects to Amazon (PKCE S256, state in a sealed cookie); `?returnTo=/path` comes back. */
  @Get('amazon')
  @UseGuards(LwaAuthGuard)
  login(): void {}

  /** Amazon sends the user back here; LwaStrategy has stored the tokens under the user id. */
  @Get('amazon/callback')
  @UseGuards(LwaAuthGuard)
  callback(@LwaUser() user: LwaUser, @Req() req: Request, @Res() res: Response): void {
    this.sessions.create(res, user)
    res.redirect(lwaReturnTo(req, '/'))
  }

  /** Signs out: the tokens are forgotten and the session cookie cleared. */
  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = this.sessions.read(req)
    if (user) await this.tokens.forget(user.userId)
    this.sessions.destroy(req, res)
    res.redirect('/')
  }
}
