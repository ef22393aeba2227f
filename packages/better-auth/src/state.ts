/**
 * What the plugin keeps on Better Auth's context, and the bearer check.
 *
 * @internal
 */
import {
  InvalidArgumentError,
  InvalidTokenError,
  isLwaError,
  type LwaClient,
  type ScopeData,
  type ScopeInput,
  type TokenInfo,
  type TokenManager,
  type TokenVerifier,
} from '@lwa-kit/core'
import type { AuthContext, GenericEndpointContext } from 'better-auth'
import type { AmazonOptions } from './options.js'

/** The context key of the plugin's state. */
export const STATE_KEY = 'lwaKitBetterAuth'

/** One kind of Amazon account: its provider id, LWA client and token manager. */
export interface AccountKind {
  providerId: string
  client: LwaClient
  tokens: TokenManager
}

/** The plugin's state on the auth context. */
export interface State {
  web: AccountKind
  device?: AccountKind & { scope: ScopeInput; scopeData?: ScopeData }
  verifier: TokenVerifier
  musicApiKey?: string
  musicApiBase: string
  options: AmazonOptions
}

/** The plugin's state, or a clear error when the plugin is not installed. */
export function stateOf(ctx: AuthContext): State {
  const state = (ctx as AuthContext & { [STATE_KEY]?: State })[STATE_KEY]
  if (!state)
    throw new InvalidArgumentError(
      "loginWithAmazon() is not among this Better Auth instance's plugins; add it next to genericOAuth({ config: [amazon(...)] }).",
    )
  return state
}

/**
 * What the bearer check tells about a token: Amazon's token info, and the Better Auth user whose
 * Amazon account it belongs to (`null` when nobody signed in with that Amazon account here).
 *
 * @example
 * ```ts
 * const checked: AmazonTokenCheck = { amazonUserId: 'amzn1.account.A', clientId: 'amzn1.application-oa2-client.B', expiresAt: Date.now() + 3_600_000, userId: null }
 * ```
 */
export interface AmazonTokenCheck {
  /** Amazon's `user_id` (`amzn1.account.…`). */
  amazonUserId: string
  /** The client id the token was issued to (checked to be this app's). */
  clientId: string
  /** When the token expires, in milliseconds since the epoch. */
  expiresAt: number
  /** The Better Auth user id of that Amazon account, or `null`. */
  userId: string | null
}

const BEARER = /^Bearer +([\x21-\x7E]{1,2048}) *$/i

/** The token of an `Authorization: Bearer` header, or undefined. */
export function bearerToken(headers: Headers | undefined): string | undefined {
  return BEARER.exec(headers?.get('authorization') ?? '')?.[1]
}

/** Verifies a bearer token (token info `aud`) and finds its Better Auth user. */
export async function checkBearer(ctx: AuthContext, token: string): Promise<AmazonTokenCheck> {
  const state = stateOf(ctx)
  const info: TokenInfo = await state.verifier.verify(token)
  let userId: string | null = null
  for (const kind of [state.web, state.device]) {
    if (!kind || userId) continue
    const account = await ctx.internalAdapter.findAccountByKey({
      providerId: kind.providerId,
      accountId: info.userId,
    })
    userId = account?.userId ?? null
  }
  return { amazonUserId: info.userId, clientId: info.clientId, expiresAt: info.expiresAt, userId }
}

/** `GET /amazon/token-info`: the bearer check over HTTP, with RFC 6750 challenges. */
export async function tokenInfoEndpoint(ctx: GenericEndpointContext) {
  ctx.setHeader('cache-control', 'no-store')
  const token = bearerToken(ctx.headers)
  if (!token)
    throw ctx.error(
      'UNAUTHORIZED',
      {
        code: 'AMAZON_TOKEN_MISSING',
        message: 'Send an LWA access token as Authorization: Bearer.',
      },
      { 'www-authenticate': 'Bearer' },
    )
  try {
    return ctx.json(await checkBearer(ctx.context, token))
  } catch (err) {
    if (!isLwaError(err)) throw err
    if (err.retryable)
      throw ctx.error('SERVICE_UNAVAILABLE', {
        code: err.code,
        message: 'Login with Amazon cannot be reached right now; try again.',
      })
    if (err instanceof InvalidTokenError || err.code === 'LWA_AUDIENCE_MISMATCH')
      throw ctx.error(
        'UNAUTHORIZED',
        { code: err.code, message: err.message },
        { 'www-authenticate': 'Bearer error="invalid_token"' },
      )
    throw ctx.error('BAD_GATEWAY', { code: err.code, message: 'The token could not be verified.' })
  }
}
