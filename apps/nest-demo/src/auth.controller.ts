import { LwaAuthGuard, LwaSessionService, lwaReturnTo } from '@lwa-kit/nestjs'
import { All, Controller, Get, Inject, Req, Res, UseGuards } from '@nestjs/common'
import type { Req as Request, Res as Response } from './http.js'

/** The request and response as LwaSessionService and the demo's pages both use them. */
export type SessionReq = Parameters<LwaSessionService['signIn']>[0] & Request
export type SessionRes = Parameters<LwaSessionService['signIn']>[1] & Response

@Controller('auth')
export class AuthController {
  constructor(@Inject(LwaSessionService) private readonly sessions: LwaSessionService) {}

  /** Redirects to Amazon (PKCE S256, state in a sealed cookie); `?returnTo=/path` comes back. */
  @Get('amazon')
  @UseGuards(LwaAuthGuard)
  login(): void {}

  /** Amazon sends the user back here: a new session, with the sign-in's tokens under its handle. */
  @Get('amazon/callback')
  @UseGuards(LwaAuthGuard)
  async callback(@Req() req: SessionReq, @Res() res: SessionRes): Promise<void> {
    await this.sessions.signIn(req, res)
    res.redirect(lwaReturnTo(req, '/'))
  }

  /**
   * Signs out (a same-site POST; any other method 405, another site 403): the session's tokens
   * are forgotten and every copy of its cookie is signed out.
   */
  @All('logout')
  logout(@Req() req: SessionReq, @Res() res: SessionRes): Promise<boolean> {
    return this.sessions.signOut(req, res, '/')
  }
}
