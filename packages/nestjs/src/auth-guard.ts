/**
 * The guard of the sign-in and callback routes.
 *
 * @module
 */
import { safeReturnTo } from '@lwa-kit/core'
import { type ExecutionContext, Injectable } from '@nestjs/common'
import { AuthGuard } from '@nestjs/passport'
import { LwaHttpException } from './exceptions.js'

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

function isLwaLike(value: unknown): value is { code: string; message: string } {
  if (value === null || typeof value !== 'object') return false
  const code = (value as { code?: unknown }).code
  return typeof code === 'string' && code.startsWith('LWA_')
}

/**
 * Runs `LwaStrategy` (Passport's `amazon` strategy): on the login route it redirects to Amazon
 * with state and PKCE; on the callback route it checks the state, exchanges the code, stores the
 * tokens through `LwaTokenService` and puts the {@link LwaUser} on `request.user`.
 * A denied consent answers 403 `LWA_ACCESS_DENIED`; a bad, missing or replayed state
 * (`LWA_STATE_MISMATCH`) or a code LWA refuses, 401; LWA being down, 502 or 504. The body holds
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
    const query = context.switchToHttp().getRequest<GuardRequest>().query ?? {}
    const returnTo = query.returnTo
    if (typeof returnTo !== 'string' || query.code !== undefined || query.error !== undefined)
      return undefined
    return { state: { returnTo: safeReturnTo(returnTo) } }
  }

  override handleRequest<TUser = unknown>(err: unknown, user: unknown, info: unknown): TUser {
    if (err) throw isLwaLike(err) ? new LwaHttpException(err) : err
    if (!user) throw new LwaHttpException(failure(info))
    return user as TUser
  }
}

/** Passport's `fail` info as an error with core's code. Only state checks fail without a code. */
function failure(info: unknown): Error {
  if (info instanceof Error && isLwaLike(info)) return info
  const message = (info as { message?: unknown } | undefined)?.message
  const code = isLwaLike(info) ? info.code : 'LWA_STATE_MISMATCH'
  return Object.assign(
    new Error(typeof message === 'string' ? message : 'Sign-in with Amazon failed.'),
    { code },
  )
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
