import type { MusicPlaylist } from '@lwa-kit/core'
import { type LwaHttpException, LwaMusicService, type LwaUser } from '@lwa-kit/nestjs'
import { Controller, Get, Inject, Req, Res } from '@nestjs/common'
import { escapeHtml, page, type Req as Request, type Res as Response } from './http.js'
import { SessionService } from './session.js'

@Controller()
export class PagesController {
  constructor(
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(LwaMusicService) private readonly music: LwaMusicService,
  ) {}

  @Get()
  home(@Req() req: Request, @Res() res: Response): void {
    const user = this.sessions.read(req)
    const body = user
      ? `<p>Signed in as <strong>${escapeHtml(user.name ?? user.userId)}</strong>.</p>
<p><a class="button" href="/profile">Your profile and Amazon Music</a></p>
${signOut}`
      : `<p>Sign in with your Amazon account to see your profile and your Amazon Music data.</p>
<p><a class="button" id="sign-in" href="/auth/amazon?returnTo=%2Fprofile">Sign in with Amazon</a></p>`
    res.type('html').send(
      page(
        'Home',
        `<h1>lwa-kit NestJS demo</h1>
${body}
<h2>Also here</h2>
<ul><li><a href="/device">Link a device</a> with a code (LWA code pair)</li>
<li><code>GET /api/me</code> with <code>Authorization: Bearer &lt;an access token of this app&gt;</code> (LwaBearerGuard)</li></ul>`,
      ),
    )
  }

  @Get('profile')
  async profile(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = this.sessions.read(req)
    if (!user) return res.redirect('/auth/amazon?returnTo=%2Fprofile')
    res.type('html').send(
      page(
        'Profile',
        `<h1>Your profile</h1>
<dl id="profile">
<dt>Name</dt><dd id="profile-name">${escapeHtml(user.name ?? '')}</dd>
<dt>Email</dt><dd id="profile-email">${escapeHtml(user.email ?? '')}</dd>
${user.postalCode ? `<dt>Postal code</dt><dd>${escapeHtml(user.postalCode)}</dd>` : ''}
<dt>Amazon user id</dt><dd><code>${escapeHtml(user.userId)}</code></dd>
<dt>Scopes granted</dt><dd>${escapeHtml((user.scope ?? []).join(' '))}</dd>
</dl>
<h2>Amazon Music</h2>
${await this.musicSection(user)}
${signOut}`,
      ),
    )
  }

  private async musicSection(user: LwaUser): Promise<string> {
    try {
      const [me, playlists] = await Promise.all([
        this.music.me(user.userId),
        this.music.playlists(user.userId, { limit: 10 }),
      ])
      const items = playlists.items
        .map((p: MusicPlaylist) => `<li>${escapeHtml(p.title ?? p.id)}</li>`)
        .join('\n')
      return `<p>Amazon Music profile: <strong id="music-name">${escapeHtml(me.name ?? me.id)}</strong></p>
<h3>Playlists</h3>
<ul id="playlists">${items}</ul>
${playlists.hasNextPage ? '<p>…and more.</p>' : ''}`
    } catch (error) {
      const body = (error as LwaHttpException).getResponse?.() as { code?: string } | undefined
      return `<p class="error" id="music-error">Amazon Music is not available: <code>${escapeHtml(body?.code ?? 'error')}</code></p>`
    }
  }
}

const signOut = `<form method="post" action="/auth/logout"><button type="submit" id="sign-out">Sign out</button></form>`
