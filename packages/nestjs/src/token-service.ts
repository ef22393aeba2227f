/**
 * The injectable face of core's token manager.
 *
 * @module
 */
import type { CallOptions, TokenManager, TokenSet } from '@lwa-kit/core'
import { Inject, Injectable } from '@nestjs/common'
import { asHttp } from './exceptions.js'
import { LWA_TOKEN_MANAGER } from './tokens.js'

/**
 * Each signed-in user's tokens, kept in the module's store (memory by default, Redis with
 * `@lwa-kit/redis`) under the Amazon user id. `getAccessToken` refreshes ahead of expiry, once
 * for all concurrent callers. Failures are Nest exceptions (401 when the user must sign in again).
 *
 * @example
 * ```ts
 * @Injectable()
 * class PlaylistsService {
 *   constructor(@Inject(LwaTokenService) private readonly tokens: LwaTokenService) {}
 *
 *   async headers(userId: string) {
 *     return { authorization: `Bearer ${await this.tokens.getAccessToken(userId)}` }
 *   }
 * }
 * ```
 */
@Injectable()
export class LwaTokenService {
  constructor(@Inject(LWA_TOKEN_MANAGER) private readonly manager: TokenManager) {}

  /** Core's token manager itself, for code that wants core's errors rather than Nest's. */
  get tokenManager(): TokenManager {
    return this.manager
  }

  /**
   * A valid access token for the user, refreshed first when it expires within the head start.
   * Throws a 401 `LWA_REAUTHORIZATION_REQUIRED` exception when there are no tokens or the grant
   * was revoked.
   *
   * @example
   * ```ts
   * const token = await tokens.getAccessToken(user.userId)
   * ```
   */
  getAccessToken(userId: string, options?: CallOptions): Promise<string> {
    return asHttp(() => this.manager.getAccessToken(userId, options))
  }

  /**
   * Like {@link LwaTokenService.getAccessToken}, but the whole token set (expiry, scopes).
   *
   * @example
   * ```ts
   * const { expiresAt, scope } = await tokens.getTokenSet(user.userId)
   * ```
   */
  getTokenSet(userId: string, options?: CallOptions): Promise<TokenSet> {
    return asHttp(() => this.manager.getTokenSet(userId, options))
  }

  /**
   * Stores a user's tokens (`LwaStrategy` and `LwaDeviceService` do it after sign-in).
   *
   * @example
   * ```ts
   * await tokens.setTokens(userId, await lwa.exchangeCode({ code, redirectUri, codeVerifier }))
   * ```
   */
  setTokens(userId: string, tokens: TokenSet): Promise<void> {
    return asHttp(async () => {
      await this.manager.setTokens(userId, tokens)
    })
  }

  /**
   * Deletes the user's tokens (sign-out).
   *
   * @example
   * ```ts
   * await tokens.forget(user.userId)
   * ```
   */
  forget(userId: string): Promise<void> {
    return asHttp(async () => {
      await this.manager.forget(userId)
    })
  }
}
