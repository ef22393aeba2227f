/**
 * `LwaStrategy`: the `amazon` Passport strategy of `@lwa-kit/passport`, as a Nest provider.
 *
 * @module
 */
import type { LwaClient } from '@lwa-kit/core'
import {
  type AmazonPassportProfile,
  AmazonStrategy,
  type AmazonStrategyOptions,
  type AmazonTokenParams,
} from '@lwa-kit/passport'
import { Inject, Injectable } from '@nestjs/common'
import { PassportStrategy } from '@nestjs/passport'
import { LWA_MODULE_OPTIONS } from './module-definition.js'
import type { LwaModuleOptions, LwaUser } from './options.js'
import { keepTokens, type TokenKeeper, tokenKeeper } from './session-service.js'
import { LwaTokenService } from './token-service.js'
import { LWA_CLIENT } from './tokens.js'

/** The `AmazonStrategy` options a module's options stand for. @internal */
export function strategyOptions(
  options: LwaModuleOptions,
  client: LwaClient,
): AmazonStrategyOptions & { passReqToCallback: false } {
  if (!options.callbackURL)
    throw new TypeError('LwaModule needs callbackURL for the sign-in routes (LwaAuthGuard).')
  return {
    clientID: options.clientId,
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    callbackURL: options.callbackURL,
    client,
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.scopeData ? { scopeData: options.scopeData } : {}),
    ...(options.stateSecret ? { stateSecret: options.stateSecret } : {}),
    ...(options.strategy as Partial<AmazonStrategyOptions> | undefined),
    // `validate` below takes the 4-argument form.
    passReqToCallback: false,
  }
}

/**
 * Passport's `amazon` strategy (PKCE S256 and state on, the state in a sealed cookie when there is
 * no session) for `LwaAuthGuard`. After sign-in it stores the tokens through `LwaTokenService`
 * under the Amazon user id and returns the {@link LwaUser} that lands on `request.user`. Subclass
 * it and override `validate` to shape your own user (call `super.validate` to keep the tokens).
 *
 * @example
 * ```ts
 * @Injectable()
 * export class AppLwaStrategy extends LwaStrategy {
 *   override async validate(...args: Parameters<LwaStrategy['validate']>) {
 *     const user = await super.validate(...args)
 *     return { ...user, roles: await roles.of(user.userId) }
 *   }
 * }
 * ```
 */
@Injectable()
export class LwaStrategy extends PassportStrategy(AmazonStrategy, 'amazon', true) {
  private readonly keeper: TokenKeeper

  constructor(
    @Inject(LWA_MODULE_OPTIONS) options: LwaModuleOptions,
    @Inject(LwaTokenService) tokens: LwaTokenService,
    @Inject(LWA_CLIENT) private readonly client: LwaClient,
  ) {
    super(strategyOptions(options, client))
    this.keeper = tokenKeeper(options, tokens)
  }

  /**
   * Keeps the tokens and makes the user. `profile` is absent when no profile scope was asked;
   * the user id then comes from token info. With `session` on, the tokens wait for
   * `LwaSessionService.signIn`, which keeps them under the new session's handle; else they are
   * kept under the user id.
   */
  async validate(
    accessToken: string,
    _refreshToken: string | undefined,
    params: AmazonTokenParams,
    profile: AmazonPassportProfile | undefined,
  ): Promise<LwaUser> {
    const userId = profile?.id ?? (await this.client.verifyAccessToken(accessToken)).userId
    const user: LwaUser = {
      userId,
      ...(profile?.displayName ? { name: profile.displayName } : {}),
      ...(profile?.emails[0]?.value ? { email: profile.emails[0].value } : {}),
      ...(profile?.postalCode !== undefined ? { postalCode: profile.postalCode } : {}),
      scope: params.tokenSet.scope,
    }
    return keepTokens(user, params.tokenSet, this.keeper)
  }
}
