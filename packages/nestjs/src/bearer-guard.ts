/**
 * A guard for APIs called with an LWA access token (`Authorization: Bearer Atza|…`), on core's
 * bearer check.
 *
 * @module
 */
import {
  type BearerCheck,
  type BearerOutcome,
  createBearerCheck,
  isAnswered,
  type NodeRequestLike,
  type NodeResponseLike,
  nodeRequestHeaders,
  type TokenVerifier,
} from '@lwa-kit/core'
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common'
import { LwaHttpException } from './exceptions.js'
import type { LwaUser } from './options.js'
import { LWA_TOKEN_VERIFIER } from './tokens.js'

type HttpRequestLike = NodeRequestLike & { user?: unknown }

/**
 * Lets a request through only with an access token that token info accepts and that was issued to
 * this module's client id (the `aud` check), through core's bearer check: the token's shape
 * first, verified tokens cached (keyed by their SHA-256) until they expire. On success
 * `request.user` is an {@link LwaUser} with `tokenInfo`. Otherwise it throws an
 * `LwaHttpException` with core's answer: 401 (`WWW-Authenticate: Bearer`, or
 * `error="invalid_token"` for a refused token), 400 for a repeated or garbled header, 503 with
 * `Retry-After` when LWA cannot answer; the body's `error` is core's code.
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
  private readonly bearer: BearerCheck

  constructor(@Inject(LWA_TOKEN_VERIFIER) verifier: TokenVerifier) {
    this.bearer = createBearerCheck({ verifier })
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    // An HTTP context's arguments are (request, response, next): read them as they are
    // (`switchToHttp()` assigns three new functions to the context on every call).
    const request = context.getArgByIndex<HttpRequestLike>(0)
    const response = context.getArgByIndex<NodeResponseLike>(1)
    const outcome = this.bearer.check({ headers: nodeRequestHeaders(request) })
    if (outcome instanceof Promise)
      return outcome.then((result) => admit(request, response, result))
    return admit(request, response, outcome)
  }
}

function admit(request: HttpRequestLike, response: NodeResponseLike, outcome: BearerOutcome): true {
  // The app already answered (a timeout): let nothing run that would write again. Nest's
  // exception filter sees the sent headers and writes nothing.
  if (isAnswered(response))
    throw new LwaHttpException(undefined, outcome.ok ? undefined : outcome.failure)
  if (outcome.ok) {
    const user: LwaUser = { userId: outcome.info.userId, tokenInfo: outcome.info }
    request.user = user
    return true
  }
  // Nest's exception filter writes the body; the headers of core's answer go on first (unless
  // the app already answered, in which case the filter writes nothing either).
  for (const [name, value] of outcome.answer.headers)
    if (name !== 'content-type') response.setHeader(name, value)
  throw new LwaHttpException(undefined, outcome.failure)
}
