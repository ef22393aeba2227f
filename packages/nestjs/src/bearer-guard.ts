/**
 * A guard for APIs called with an LWA access token (`Authorization: Bearer Atza|…`).
 *
 * @module
 */
import type { TokenVerifier } from '@lwa-kit/core'
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common'
import { LwaHttpException } from './exceptions.js'
import type { LwaUser } from './options.js'
import { LWA_TOKEN_VERIFIER } from './tokens.js'

interface HttpRequestLike {
  headers: Record<string, string | string[] | undefined>
  user?: unknown
}

interface HttpResponseLike {
  setHeader?(name: string, value: string): unknown
  header?(name: string, value: string): unknown
}

/** Reads the token of an `Authorization: Bearer` header (any case), or `undefined`. @internal */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header
  if (typeof value !== 'string') return undefined
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(value)
  return match?.[1]
}

/**
 * Lets a request through only with an access token that token info accepts and that was issued to
 * this module's client id (the `aud` check: a token another app got for the same user is
 * refused). Verified tokens are cached, keyed by their SHA-256, until they expire. On success
 * `request.user` is an {@link LwaUser} with `tokenInfo`; otherwise the answer is 401 with
 * `WWW-Authenticate: Bearer error="invalid_token"` and core's error code in the body.
 *
 * @example
 * ```ts
 * @Controller('api')
 * export class ApiController {
 *   @Get('me')
 *   @UseGuards(LwaBearerGuard)
 *   me(@LwaUser() user: LwaUser) {
 *     return { userId: user.userId }
 *   }
 * }
 * ```
 */
@Injectable()
export class LwaBearerGuard implements CanActivate {
  constructor(@Inject(LWA_TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const http = context.switchToHttp()
    const request = http.getRequest<HttpRequestLike>()
    const token = bearerToken(request.headers.authorization)
    if (!token) {
      challenge(http.getResponse<HttpResponseLike>(), 'invalid_request')
      throw new LwaHttpException(missingToken())
    }
    // A cached token is answered at once, without waiting a turn.
    const cached = this.verifier.peek(token)
    if (cached) {
      const user: LwaUser = { userId: cached.userId, tokenInfo: cached }
      request.user = user
      return true
    }
    return this.check(http, request, token)
  }

  private async check(
    http: ReturnType<ExecutionContext['switchToHttp']>,
    request: HttpRequestLike,
    token: string,
  ): Promise<boolean> {
    try {
      const tokenInfo = await this.verifier.verify(token)
      const user: LwaUser = { userId: tokenInfo.userId, tokenInfo }
      request.user = user
      return true
    } catch (error) {
      const exception = new LwaHttpException(error)
      if (exception.getStatus() === 401) challenge(http.getResponse<HttpResponseLike>())
      throw exception
    }
  }
}

function missingToken(): Error {
  const error = new Error('Send the access token as "Authorization: Bearer <token>".')
  return Object.assign(error, { code: 'LWA_INVALID_TOKEN' })
}

function challenge(response: HttpResponseLike, error = 'invalid_token'): void {
  const value = `Bearer error="${error}"`
  if (typeof response?.setHeader === 'function') response.setHeader('WWW-Authenticate', value)
  else if (typeof response?.header === 'function') response.header('WWW-Authenticate', value)
}
