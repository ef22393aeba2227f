import { WebErrorCode, type WebFailure } from '@lwa-kit/core'
import {
  apiCard,
  failureOfCode,
  htmlPage,
  type MusicCardData,
  musicCard,
  PLAYLIST_PAGE_SIZE,
  playlistPage,
  profileCard,
  signInCard,
} from '@lwa-kit/demo-ui'
import {
  type LwaHttpException,
  LwaMusicService,
  LwaSessionService,
  type LwaUser,
} from '@lwa-kit/nestjs'
import { Controller, Get, Inject, Req, Res } from '@nestjs/common'
import type { SessionReq, SessionRes } from './auth.controller.js'
import type { DemoConfig } from './config.js'
import { DEMO, failurePage, signIn } from './frame.js'
import type { Req as Request, Res as Response } from './http.js'
import { DEMO_CONFIG } from './tokens.js'

@Controller()
export class PagesController {
  constructor(
    @Inject(LwaSessionService) private readonly sessions: LwaSessionService,
    @Inject(LwaMusicService) private readonly music: LwaMusicService,
    @Inject(DEMO_CONFIG) private readonly config: DemoConfig,
  ) {}

  /** What the API card shows; with PORT=0 (tests) the app's URL is the request's host. */
  private apiOf(req: Request) {
    const { appUrl, port, clientId, emulatorUrl } = this.config
    const host = typeof req.headers.host === 'string' ? req.headers.host : ''
    return { appUrl: port === 0 && host ? `http://${host}` : appUrl, clientId, emulatorUrl }
  }

  /** Signed out: the button and the API; signed in: the profile, Amazon Music and the API. */
  @Get()
  async home(@Req() req: SessionReq, @Res() res: SessionRes): Promise<void> {
    const user = await this.sessions.user(req, res)
    if (!user) {
      res.type('html').send(
        htmlPage({
          demo: DEMO,
          title: 'Sign in',
          body: signInCard(signIn) + apiCard(this.apiOf(req)),
        }),
      )
      return
    }
    const query = new URL(req.url ?? '/', 'http://x').searchParams
    const music = await this.musicOf(user, playlistPage(query))
    // The grant was revoked (or can no longer be renewed): end the session, sign in again.
    if ('failure' in music && music.failure.code === WebErrorCode.ReauthorizationRequired) {
      await this.sessions.end(req, res)
      res.status(401).type('html').send(failurePage(music.failure))
      return
    }
    const profile = { name: user.name, email: user.email, id: user.userId }
    res.type('html').send(
      htmlPage({
        demo: DEMO,
        title: 'Your profile',
        body: profileCard(profile, '/auth/logout') + musicCard(music) + apiCard(this.apiOf(req)),
      }),
    )
  }

  /** The profile is on the home page (kept for old links). */
  @Get('profile')
  profile(@Res() res: Response): void {
    res.redirect('/')
  }

  private async musicOf(
    user: LwaUser,
    page: { cursor?: string; from: number },
  ): Promise<MusicCardData | { failure: WebFailure }> {
    try {
      const [me, playlists] = await Promise.all([
        this.music.me(user.key ?? user.userId),
        this.music.playlists(user.key ?? user.userId, {
          limit: PLAYLIST_PAGE_SIZE,
          ...(page.cursor ? { cursor: page.cursor } : {}),
        }),
      ])
      return { me, playlists, from: page.from }
    } catch (error) {
      // LwaMusicService throws LwaHttpException: its code is core's.
      return { failure: failureOfCode((error as Partial<LwaHttpException>).code) }
    }
  }
}
