/**
 * What the plugin keeps on Better Auth's context, and the bearer check.
 *
 * @internal
 */
import {
  type BearerCheck,
  InvalidArgumentError,
  isAccessTokenShape,
  type LwaClient,
  parseAuthorization,
  type ScopeData,
  type ScopeInput,
  type TokenInfo,
  type TokenManager,
  type WebAnswer,
  type WebRequest,
  webRequestFromHeaders,
} from '@lwa-kit/core'
import type { AuthContext, GenericEndpointContext } from 'better-auth'
import type { ResolvedAmazon } from './options.js'

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
  /** The provider's resolved options. */
  amazon: ResolvedAmazon
  bearer: BearerCheck
  musicApiKey?: string
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

/** The token of a well-formed `Authorization: Bearer Atza|…` header, or undefined. */
export function bearerToken(headers: Headers | undefined): string | undefined {
  const parsed = parseAuthorization(headers?.get('authorization') ?? undefined)
  return parsed.kind === 'bearer' && isAccessTokenShape(parsed.token) ? parsed.token : undefined
}

/** Finds the Better Auth user of a checked token's Amazon account. */
async function checked(ctx: AuthContext, info: TokenInfo): Promise<AmazonTokenCheck> {
  const state = stateOf(ctx)
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

/** Verifies a bearer token (token info `aud`, core's cached verifier) and finds its user. */
export async function checkBearer(ctx: AuthContext, token: string): Promise<AmazonTokenCheck> {
  return checked(ctx, await stateOf(ctx).bearer.verifier.verify(token))
}

/** Writes one of core's web answers through Better Auth's endpoint context. */
export function answer(ctx: GenericEndpointContext, reply: WebAnswer) {
  ctx.setStatus(reply.status as Parameters<typeof ctx.setStatus>[0])
  for (const [name, value] of reply.headers) {
    // Appended, not set: a Set-Cookie of core's must not replace Better Auth's session cookie.
    if (name === 'set-cookie') ctx.responseHeaders.append(name, value)
    else if (name !== 'content-type') ctx.setHeader(name, value)
  }
  return ctx.json(reply.body ? (JSON.parse(reply.body) as Record<string, unknown>) : {})
}

/** The request as core's web layer reads it (a server-side API call has none: a POST to the base URL). */
export function requestOf(ctx: GenericEndpointContext): WebRequest {
  return webRequestFromHeaders(
    ctx.request?.method ?? 'POST',
    ctx.request?.url || ctx.context.baseURL || 'http://localhost/',
    ctx.headers ?? new Headers(),
  )
}

/** `GET /amazon/token-info`: core's bearer check (one status table for every adapter). */
export async function tokenInfoEndpoint(ctx: GenericEndpointContext) {
  const outcome = await stateOf(ctx.context).bearer.check(requestOf(ctx))
  if (!outcome.ok) return answer(ctx, outcome.answer)
  ctx.setHeader('cache-control', 'no-store')
  return ctx.json(await checked(ctx.context, outcome.info))
}
