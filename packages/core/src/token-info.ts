/**
 * Token info: who an access token belongs to and which client it was issued to. A token that
 * arrives from outside (a mobile app, an `Authorization` header) is trusted only when its `aud`
 * is this client id.
 *
 * @module
 */
import type { ClientContext } from './client-context.js'
import { contextOf, type LwaConfig } from './config.js'
import { AudienceMismatchError, InvalidTokenError, MalformedResponseError } from './errors.js'
import { type CallOptions, requestJson } from './lib/http.js'

/**
 * What token info says about an access token.
 *
 * @example
 * ```ts
 * const info: TokenInfo = await lwa.verifyAccessToken(token)
 * info.userId // 'amzn1.account.…'
 * ```
 */
export interface TokenInfo {
  /** The user (`user_id`, `amzn1.account.…`). */
  userId: string
  /** The client id the token was issued to (`aud`). */
  clientId: string
  /** The Security Profile's application id (`app_id`, `amzn1.application.…`). */
  appId: string
  /** The issuer (`iss`, `https://www.amazon.com`). */
  issuer: string
  /** When the token expires, in ms since the epoch (from `exp`, which is seconds remaining). */
  expiresAt: number
  /** When the token was issued, in ms since the epoch (`iat`). */
  issuedAt: number
}

const MAX_SECONDS = 10 * 365 * 24 * 3600
const MAX_EPOCH_SECONDS = 1e11
const PLAUSIBLE_TOKEN = /^[\x21-\x7E]{1,4096}$/

/**
 * Refuses, without a request, a value that cannot be an access token.
 *
 * @internal
 */
export function checkAccessToken(token: unknown): string {
  if (typeof token !== 'string' || !PLAUSIBLE_TOKEN.test(token))
    throw new InvalidTokenError({ errorDescription: 'The access token is empty or malformed.' })
  return token
}

function field(
  body: Record<string, unknown>,
  name: string,
  type: 'string' | 'number',
): never | string | number {
  const value = body[name]
  if (type === 'number' && typeof value === 'string' && /^\d+$/.test(value)) return Number(value)
  if (typeof value !== type || (type === 'string' && value === ''))
    throw new MalformedResponseError('tokeninfo', `${name} is missing or not a ${type}`)
  return value as string | number
}

/**
 * Reads a token info answer.
 *
 * @throws {MalformedResponseError} when a documented field is missing or has the wrong type.
 * @example
 * ```ts
 * parseTokenInfo({ aud, user_id, app_id, iss, exp: 3597, iat: 1311280970 }, Date.now())
 * ```
 */
export function parseTokenInfo(body: unknown, now: number): TokenInfo {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new MalformedResponseError('tokeninfo', 'the body is not a JSON object')
  const json = body as Record<string, unknown>
  const exp = field(json, 'exp', 'number') as number
  const iat = field(json, 'iat', 'number') as number
  if (
    !Number.isFinite(exp) ||
    Math.abs(exp) > MAX_SECONDS ||
    !(iat >= 0 && iat < MAX_EPOCH_SECONDS)
  )
    throw new MalformedResponseError('tokeninfo', 'exp or iat is out of range')
  return {
    userId: field(json, 'user_id', 'string') as string,
    clientId: field(json, 'aud', 'string') as string,
    appId: typeof json.app_id === 'string' ? json.app_id : '',
    issuer: typeof json.iss === 'string' ? json.iss : '',
    expiresAt: now + exp * 1000,
    issuedAt: iat * 1000,
  }
}

/**
 * Calls token info. The token goes in the query, the only way token info takes it; lwa-kit
 * never logs that URL or puts it in an error.
 *
 * @internal
 */
export async function fetchTokenInfo(
  ctx: ClientContext,
  token: string,
  options: CallOptions = {},
): Promise<TokenInfo> {
  const url = new URL(ctx.endpoints.tokenInfoEndpoint)
  url.searchParams.set('access_token', checkAccessToken(token))
  const response = await requestJson(ctx.http, {
    endpoint: 'tokeninfo',
    url: url.toString(),
    method: 'GET',
    retry: true,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  })
  return parseTokenInfo(response.body, ctx.http.now())
}

/**
 * Token info for an access token, refused with `AudienceMismatchError` unless it was issued to
 * this client id, and with `InvalidTokenError` when it is invalid or expired. Retried on network
 * errors and 5xx. Use `createTokenVerifier` to cache the answers.
 *
 * @example
 * ```ts
 * const { userId, expiresAt } = await verifyAccessToken(lwa, bearerToken)
 * ```
 */
export async function verifyAccessToken(
  config: LwaConfig,
  token: string,
  options: CallOptions = {},
): Promise<TokenInfo> {
  const ctx = contextOf(config)
  const info = await fetchTokenInfo(ctx, token, options)
  if (info.clientId !== ctx.clientId) throw new AudienceMismatchError()
  if (info.expiresAt <= ctx.http.now())
    throw new InvalidTokenError({ errorDescription: 'The access token has expired.' })
  return info
}
