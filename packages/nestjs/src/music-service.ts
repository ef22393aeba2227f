/**
 * Amazon Music Web API calls for a signed-in user.
 *
 * @module
 */
import {
  createMusicClients,
  type LwaClient,
  type MusicClient,
  type MusicClients,
  type MusicPage,
  type MusicPlaylist,
  type MusicRequestInit,
  type MusicUser,
  type PlaylistsParams,
  type TokenManager,
  type TokenVerifier,
} from '@lwa-kit/core'
import { Inject, Injectable } from '@nestjs/common'
import { asHttp } from './exceptions.js'
import { LWA_MODULE_OPTIONS } from './module-definition.js'
import type { LwaModuleOptions } from './options.js'
import { LWA_CLIENT, LWA_TOKEN_MANAGER, LWA_TOKEN_VERIFIER } from './tokens.js'

/**
 * The Amazon Music Web API for one user at a time, through core's Music client: it sends the
 * user's access token and the `x-api-key`, refreshes once on `INVALID_ACCESS_TOKEN` and backs off
 * on 429. Failures are Nest exceptions carrying the API's status (401, 403, 404, 429) or 502.
 *
 * @example
 * ```ts
 * @Get('music')
 * @UseGuards(SessionGuard)
 * async music(@Req() req: { userId: string }) {
 *   const [me, playlists] = await Promise.all([
 *     this.music.me(req.userId),
 *     this.music.playlists(req.userId, { limit: 10 }),
 *   ])
 *   return { me, playlists }
 * }
 * ```
 */
@Injectable()
export class LwaMusicService {
  private readonly clients: MusicClients

  constructor(
    @Inject(LWA_MODULE_OPTIONS) options: LwaModuleOptions,
    @Inject(LWA_CLIENT) client: LwaClient,
    @Inject(LWA_TOKEN_MANAGER) manager: TokenManager,
    @Inject(LWA_TOKEN_VERIFIER) verifier: TokenVerifier,
  ) {
    this.clients = createMusicClients({
      tokens: manager,
      verifier,
      apiKey: options.musicApiKey,
      baseUrl: options.musicBaseUrl ?? client.endpoints.musicApiBase,
      fetch: options.fetch,
    })
  }

  /**
   * Core's Music client bound to one user (for calls the helpers below do not cover).
   *
   * @example
   * ```ts
   * const music = await musicService.forUser(userId)
   * const page = await music.playlists({ limit: 5 })
   * ```
   */
  forUser(userId: string): Promise<MusicClient> {
    return asHttp(() => this.clients.forUser(userId))
  }

  /**
   * The user's Amazon Music profile (`GET /v1/me`).
   *
   * @example
   * ```ts
   * const me = await music.me(user.userId)
   * ```
   */
  me(userId: string): Promise<MusicUser> {
    return asHttp(async () => (await this.clients.forUser(userId)).me())
  }

  /**
   * A page of the user's playlists (`GET /v1/me/playlists`), with the cursor of the next page.
   *
   * @example
   * ```ts
   * const page = await music.playlists(user.userId, { limit: 25 })
   * ```
   */
  playlists(userId: string, params: PlaylistsParams = {}): Promise<MusicPage<MusicPlaylist>> {
    return asHttp(async () => (await this.clients.forUser(userId)).playlists(params))
  }

  /**
   * Any Music API call for the user; returns the parsed JSON.
   *
   * @example
   * ```ts
   * const recent = await music.request(user.userId, '/v1/me/recentlyPlayed', { query: { limit: 20 } })
   * ```
   */
  request<T = unknown>(userId: string, path: string, init?: MusicRequestInit): Promise<T> {
    return asHttp(async () => (await this.clients.forUser(userId)).request<T>(path, init))
  }
}
