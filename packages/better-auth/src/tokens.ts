/**
 * Server-side helpers: the signed-in user's Amazon access token (refreshed through core's token
 * manager), an Amazon Music client for that user, and the bearer check.
 *
 * @module
 */
import {
  createMusicClient,
  InvalidArgumentError,
  InvalidTokenError,
  type MusicClient,
  ReauthorizationRequiredError,
  type TokenManager,
} from '@lwa-kit/core'
import type { AuthContext } from 'better-auth'
import { accountOf } from './account-store.js'
import { type AmazonTokenCheck, bearerToken, checkBearer, stateOf } from './state.js'

/**
 * The part of a Better Auth instance (`betterAuth(...)`) the helpers use.
 *
 * @example
 * ```ts
 * const instance: AuthLike = auth
 * ```
 */
export interface AuthLike {
  $context: Promise<unknown>
  api: { getSession(context: { headers: Headers }): Promise<unknown> }
}

/**
 * Whose Amazon tokens: the user of the request's Better Auth session (`headers`), or a Better
 * Auth user id (background jobs).
 *
 * @example
 * ```ts
 * const who: AmazonUserRef = { headers: request.headers }
 * ```
 */
export type AmazonUserRef = { headers: Headers } | { userId: string }

/**
 * The Amazon grant of a Better Auth user, as `amazonTokens` returns it.
 *
 * @example
 * ```ts
 * const { userId, tokens } = await amazonTokens(auth, { headers })
 * ```
 */
export interface AmazonUserTokens {
  /** The Better Auth user id (the token manager's key). */
  userId: string
  /** Core's token manager over that user's Amazon account. */
  tokens: TokenManager
}

async function userIdOf(auth: AuthLike, who: AmazonUserRef): Promise<string> {
  if ('userId' in who) return who.userId
  const session = (await auth.api.getSession({ headers: who.headers })) as {
    user?: { id?: string }
  } | null
  if (!session?.user?.id)
    throw new ReauthorizationRequiredError({}, 'There is no Better Auth session; sign in first.')
  return session.user.id
}

/**
 * The token manager and key of a user's Amazon grant: the browser sign-in's account, or the
 * device-linked one, whichever was stored last. Throws `ReauthorizationRequiredError` when the user
 * has no Amazon tokens (sign in with Amazon).
 *
 * @example
 * ```ts
 * const { userId, tokens } = await amazonTokens(auth, { headers: request.headers })
 * const { expiresAt, scope } = await tokens.getTokenSet(userId)
 * ```
 */
export async function amazonTokens(auth: AuthLike, who: AmazonUserRef): Promise<AmazonUserTokens> {
  const ctx = (await auth.$context) as AuthContext
  const state = stateOf(ctx)
  const userId = await userIdOf(auth, who)
  let best: { tokens: TokenManager; at: number } | undefined
  for (const kind of [state.web, state.device]) {
    if (!kind) continue
    const account = await accountOf(ctx, userId, kind.providerId)
    if (!account?.accessToken) continue
    const at = new Date(account.updatedAt).getTime()
    if (!best || at > best.at) best = { tokens: kind.tokens, at }
  }
  if (!best)
    throw new ReauthorizationRequiredError(
      {},
      'This user has no Amazon tokens (never signed in with Amazon, or the grant was revoked); sign in with Amazon again.',
    )
  return { userId, tokens: best.tokens }
}

/**
 * A valid Amazon access token of the user, refreshed ahead of expiry through core's token
 * manager: concurrent callers share one refresh, the refresh token is kept, and a revoked grant
 * clears the stored tokens and throws `ReauthorizationRequiredError` (code
 * `LWA_REAUTHORIZATION_REQUIRED`: sign in with Amazon again).
 *
 * @example
 * ```ts
 * const accessToken = await amazonAccessToken(auth, { headers: request.headers })
 * ```
 */
export async function amazonAccessToken(auth: AuthLike, who: AmazonUserRef): Promise<string> {
  const { userId, tokens } = await amazonTokens(auth, who)
  return tokens.getAccessToken(userId)
}

/**
 * An Amazon Music API client for the user (core's `createMusicClient`): `x-api-key` is the
 * plugin's `musicApiKey`, tokens come from {@link amazonAccessToken}'s token manager (a 401 refreshes
 * once and retries).
 *
 * @example
 * ```ts
 * const music = await amazonMusic(auth, { headers: request.headers })
 * const [me, playlists] = await Promise.all([music.me(), music.playlists({ limit: 25 })])
 * ```
 */
export async function amazonMusic(auth: AuthLike, who: AmazonUserRef): Promise<MusicClient> {
  const state = stateOf((await auth.$context) as AuthContext)
  if (!state.musicApiKey)
    throw new InvalidArgumentError(
      'amazonMusic: set musicApiKey (the Security Profile id) in loginWithAmazon({ musicApiKey }).',
    )
  const { userId, tokens } = await amazonTokens(auth, who)
  return createMusicClient({
    tokens,
    key: userId,
    apiKey: state.musicApiKey,
    baseUrl: state.amazon.endpoints.musicApiBase,
    timeoutMs: state.amazon.options.timeoutMs,
  })
}

/**
 * The bearer check for requests from mobile apps: reads `Authorization: Bearer <LWA token>`,
 * checks with token info that it was issued to this client (`aud`, cached per token), and finds
 * the Better Auth user of that Amazon account. Throws core's `InvalidTokenError` (no, malformed or
 * unknown token) or `AudienceMismatchError` (another app's token). Over HTTP:
 * `GET /api/auth/amazon/token-info`.
 *
 * @example
 * ```ts
 * const { amazonUserId, userId } = await verifyAmazonToken(auth, { headers: request.headers })
 * ```
 */
export async function verifyAmazonToken(
  auth: AuthLike,
  request: { headers: Headers },
): Promise<AmazonTokenCheck> {
  const ctx = (await auth.$context) as AuthContext
  const token = bearerToken(request.headers)
  if (!token) throw new InvalidTokenError({ error: 'invalid_token', status: 401 })
  return checkBearer(ctx, token)
}
