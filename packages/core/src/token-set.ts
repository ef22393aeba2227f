/**
 * Tokens as lwa-kit keeps them: plain JSON, so any store can hold them.
 *
 * @module
 */
import { MalformedResponseError } from './errors.js'

/**
 * The tokens of one grant.
 *
 * @example
 * ```ts
 * const tokens: TokenSet = await lwa.exchangeCode({ code, redirectUri, codeVerifier })
 * await store.set(userId, tokens) // plain JSON
 * ```
 */
export interface TokenSet {
  /** The access token (`Atza|…`). Send it as `Authorization: Bearer`. */
  accessToken: string
  /** The refresh token (`Atzr|…`); absent when LWA issued none (a web client without a secret). */
  refreshToken?: string
  /** Always `bearer`. */
  tokenType: 'bearer'
  /** When the access token expires, in milliseconds since the epoch. */
  expiresAt: number
  /** The scopes granted, when known (LWA's token response does not list them). */
  scope: string[]
}

// LWA says 3600; anything beyond ten years is not a lifetime but a broken answer.
const MAX_EXPIRES_IN_SECONDS = 10 * 365 * 24 * 3600

/**
 * Turns a token endpoint answer into a {@link TokenSet}, checking every field LWA documents.
 * Keeps `previous.refreshToken` when the answer carries none (a refresh that does not rotate).
 *
 * @throws {MalformedResponseError} when a field is missing or has the wrong type.
 * @example
 * ```ts
 * const tokens = parseTokenResponse(json, { now: Date.now() })
 * ```
 */
export function parseTokenResponse(
  body: unknown,
  options: { now: number; scope?: string[]; previousRefreshToken?: string },
): TokenSet {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new MalformedResponseError('token', 'the body is not a JSON object')
  const json = body as Record<string, unknown>
  const accessToken = json.access_token
  if (typeof accessToken !== 'string' || accessToken.length === 0)
    throw new MalformedResponseError('token', 'access_token is missing')
  const tokenType = json.token_type
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer')
    throw new MalformedResponseError('token', 'token_type is not "bearer"')
  const rawExpires = json.expires_in
  const expiresIn =
    typeof rawExpires === 'string' && /^\d+$/.test(rawExpires) ? Number(rawExpires) : rawExpires
  if (
    typeof expiresIn !== 'number' ||
    !Number.isInteger(expiresIn) ||
    expiresIn <= 0 ||
    expiresIn > MAX_EXPIRES_IN_SECONDS
  )
    throw new MalformedResponseError('token', 'expires_in is not 1 s to 10 years')
  const refresh = json.refresh_token
  if (refresh !== undefined && refresh !== null && typeof refresh !== 'string')
    throw new MalformedResponseError('token', 'refresh_token is not a string')
  const refreshToken =
    typeof refresh === 'string' && refresh.length > 0 ? refresh : options.previousRefreshToken
  const scope =
    typeof json.scope === 'string' ? json.scope.split(/\s+/).filter(Boolean) : (options.scope ?? [])
  return {
    accessToken,
    ...(refreshToken ? { refreshToken } : {}),
    tokenType: 'bearer',
    expiresAt: options.now + expiresIn * 1000,
    scope,
  }
}

/**
 * Whether the access token expires within `withinMs` (default: already expired).
 *
 * @example
 * ```ts
 * if (isExpired(tokens, Date.now(), 60_000)) tokens = await lwa.refresh(tokens.refreshToken!)
 * ```
 */
export function isExpired(tokens: Pick<TokenSet, 'expiresAt'>, now: number, withinMs = 0): boolean {
  return tokens.expiresAt - withinMs <= now
}
