/**
 * The guard of the sign-in and callback routes.
 *
 * @module
 */
import { failureOfCode, safeReturnTo } from '@lwa-kit/core'
import { type ExecutionContext, Injectable } from '@nestjs/common'
import { AuthGuard } from '@nestjs/passport'
import { LwaHttpException, toHttpException } from './exceptions.js'

interface GuardRequest {
  query?: Record<string, unknown>
  authInfo?: { state?: { returnTo?: unknown } }
}

/**
 * What the guard hands Passport's `authenticate`: app state that travels with the sign-in. Written
 * loosely on purpose: `@nestjs/passport` 12 types `state` as a string (from `@types/passport`),
 * while passport-oauth2 hands any value to the state store, which keeps a checked `returnTo`.
 */
// biome-ignore lint/suspicious/noExplicitAny: the shape both @nestjs/passport 11 and 12 accept
type GuardAuthenticateOptions = { [option: string]: any }

/**
 * Runs `LwaStrategy` (Passport's `amazon` strategy): on the login route it redirects to Amazon
 * with state and PKCE; on the callback route it checks the state, exchanges the code, stores the
 * tokens through `LwaTokenService` and puts the {@link LwaUser} on `request.user`.
 * Every failure is core's sign-in transaction's, answered by core's table: a denied consent 403
 * `LWA_ACCESS_DENIED`; a bad, missing, expired or replayed state 400 (`LWA_STATE_MISMATCH`,
 * `LWA_SEALED_STATE_INVALID`), a code LWA refuses 400; LWA being down, 502 or 504. The body holds
 * core's error code and never a token. A `returnTo` query parameter on the login route travels
 * with the sign-in state; read it on the callback with {@link lwaReturnTo}.
 *
 * @example
 * ```ts
 * @Controller('auth/amazon')
 * export class AuthController {
 *   @Get()
 *   @UseGuards(LwaAuthGuard)
 *   login() {}
 *
 *   @Get('callback')
 *   @UseGuards(LwaAuthGuard)
 *   callback(@LwaUser() user: LwaUser) {
 *     return { signedInAs: user.userId }
 *   }
 * }
 * ```
 */
@Injectable()
export class LwaAuthGuard extends AuthGuard('amazon') {
  override getAuthenticateOptions(context: ExecutionContext): GuardAuthenticateOptions | undefined {
    // Core's sign-in transaction keeps it only as a same-site path.
    const returnTo = context.switchToHttp().getRequest<GuardRequest>().query?.returnTo
    return typeof returnTo === 'string' ? { state: { returnTo } } : undefined
  }

  override handleRequest<TUser = unknown>(err: unknown, user: unknown, info: unknown): TUser {
    if (err) throw toHttpException(err)
    // A failed sign-in carries core's code (AmazonStrategy's `fail`): its status and message.
    if (!user) throw new LwaHttpException(info, failureOfCode((info as { code?: unknown })?.code))
    return user as TUser
  }
}

/**
 * The same-site path the sign-in started from (`/auth/amazon?returnTo=/library`), on the callback
 * route after `LwaAuthGuard`; `fallback` when there is none.
 *
 * @example
 * ```ts
 * @Get('callback')
 * @UseGuards(LwaAuthGuard)
 * callback(@Req() req: Request, @Res() res: Response) {
 *   res.redirect(lwaReturnTo(req, '/profile'))
 * }
 * ```
 */
export function lwaReturnTo(request: unknown, fallback = '/'): string {
  const returnTo = (request as GuardRequest | undefined)?.authInfo?.state?.returnTo
  return typeof returnTo === 'string' ? safeReturnTo(returnTo, fallback) : fallback
}
