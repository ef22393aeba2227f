/**
 * The customer profile (`/user/profile`), typed by the scopes granted.
 *
 * @module
 */
import { contextOf, type LwaConfig } from './config.js'
import { MalformedResponseError } from './errors.js'
import { type CallOptions, requestJson } from './lib/http.js'
import { checkAccessToken } from './token-info.js'

/**
 * The customer profile. Which fields are present depends on the scopes granted: `profile` gives
 * `name` and `email`, `postal_code` gives `postalCode`, `profile:user_id` only `userId`.
 *
 * @example
 * ```ts
 * const me: AmazonProfile = await lwa.profile(tokens.accessToken)
 * ```
 */
export interface AmazonProfile {
  /** `amzn1.account.…`, the same id as token info's `userId`. */
  userId: string
  /** The name (scope `profile`). */
  name?: string
  /** The email address (scope `profile`). */
  email?: string
  /** The postal code (scope `postal_code`). */
  postalCode?: string
}

/**
 * The profile fields that are sure to be present for a set of scopes.
 *
 * @example
 * ```ts
 * const me: ProfileFor<'profile' | 'postal_code'> = await lwa.profile(token, { scope: ['profile', 'postal_code'] })
 * me.email // string, not string | undefined
 * ```
 */
export type ProfileFor<S extends string> = string extends S
  ? AmazonProfile
  : AmazonProfile &
      ('profile' extends S ? { name: string; email: string } : unknown) &
      ('postal_code' extends S ? { postalCode: string } : unknown)

/**
 * Options of {@link LwaClient.profile}.
 *
 * @example
 * ```ts
 * const options: ProfileOptions<'profile'> = { scope: ['profile'], timeoutMs: 3000 }
 * ```
 */
export interface ProfileOptions<S extends string = string> extends CallOptions {
  /**
   * The scopes the token was granted. The answer is then checked to have their fields (else
   * `MalformedResponseError`), and typed accordingly.
   */
  scope?: readonly S[]
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string')
    throw new MalformedResponseError('profile', `${name} is not a string`)
  return value
}

/**
 * Reads a `/user/profile` answer; with `scope`, checks that the fields of those scopes are there.
 *
 * @throws {MalformedResponseError} when `user_id` is missing, a field has the wrong type, or a
 * field of a granted scope is missing.
 * @example
 * ```ts
 * parseProfile({ user_id: 'amzn1.account.X', name: 'Ana', email: 'ana@example.com' })
 * ```
 */
export function parseProfile(body: unknown, scope: readonly string[] = []): AmazonProfile {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new MalformedResponseError('profile', 'the body is not a JSON object')
  const json = body as Record<string, unknown>
  const userId = optionalString(json, 'user_id')
  if (!userId) throw new MalformedResponseError('profile', 'user_id is missing')
  const name = optionalString(json, 'name')
  const email = optionalString(json, 'email')
  const postalCode = optionalString(json, 'postal_code')
  if (scope.includes('profile') && (name === undefined || email === undefined))
    throw new MalformedResponseError('profile', 'name or email is missing for scope profile')
  if (scope.includes('postal_code') && postalCode === undefined)
    throw new MalformedResponseError('profile', 'postal_code is missing for scope postal_code')
  return {
    userId,
    ...(name !== undefined ? { name } : {}),
    ...(email !== undefined ? { email } : {}),
    ...(postalCode !== undefined ? { postalCode } : {}),
  }
}

/**
 * The JSON of LWA's `/user/profile` answer: `user_id` and the fields of the scopes granted, as
 * LWA names them.
 *
 * @example
 * ```ts
 * const json: ProfileJson = { user_id: 'amzn1.account.X', name: 'Ana', email: 'ana@example.com' }
 * ```
 */
export interface ProfileJson {
  /** `amzn1.account.…`, stable per user and Security Profile. */
  user_id: string
  /** Present with the `profile` scope. */
  name?: string
  /** Present with the `profile` scope. */
  email?: string
  /** Present with the `postal_code` scope. */
  postal_code?: string
}

/**
 * A profile as LWA's `/user/profile` JSON names it (the other way round from
 * {@link parseProfile}), for code that hands LWA's fields on but holds only the profile (Auth.js's
 * userinfo, Passport's `profile._json`).
 *
 * @example
 * ```ts
 * profileJson({ userId: 'amzn1.account.X', postalCode: '98109' }) // { user_id: 'amzn1.account.X', postal_code: '98109' }
 * ```
 */
export function profileJson(profile: AmazonProfile): ProfileJson {
  const json: ProfileJson = { user_id: profile.userId }
  if (profile.name !== undefined) json.name = profile.name
  if (profile.email !== undefined) json.email = profile.email
  if (profile.postalCode !== undefined) json.postal_code = profile.postalCode
  return json
}

/**
 * A customer profile with the answer it was read from: what a library that hands the body on
 * needs (Passport's `profile._raw` and `profile._json`).
 *
 * @example
 * ```ts
 * const { profile, body, json } = await fetchProfileWithBody(lwa, tokens.accessToken)
 * body // '{"user_id":"amzn1.account.…","name":"Ana","email":"ana@example.com"}', as received
 * ```
 */
export interface ProfileWithBody<S extends string = string> {
  /** The profile, as {@link fetchProfile} returns it. */
  profile: ProfileFor<S>
  /** The response body exactly as received. */
  body: string
  /** The response body parsed (every field LWA sent, also ones lwa-kit does not read). */
  json: Record<string, unknown>
}

/**
 * The customer profile with the response body as received, for code that passes the body on
 * (as Passport strategies do in `_raw`). Same call, checks and retries as {@link fetchProfile}.
 *
 * @example
 * ```ts
 * const { profile, body } = await fetchProfileWithBody(lwa, tokens.accessToken, { scope: [scopes.profile] })
 * console.log(profile.name, body.length)
 * ```
 */
export async function fetchProfileWithBody<S extends string = string>(
  config: LwaConfig,
  token: string,
  options: ProfileOptions<S> = {},
): Promise<ProfileWithBody<S>> {
  const ctx = contextOf(config)
  const response = await requestJson(ctx.http, {
    endpoint: 'profile',
    url: ctx.endpoints.profileEndpoint,
    method: 'GET',
    headers: { authorization: `Bearer ${checkAccessToken(token)}` },
    retry: true,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  })
  const profile = parseProfile(response.body, options.scope ?? []) as ProfileFor<S>
  return { profile, body: response.text, json: response.body }
}

/**
 * The customer profile, with the token in the `Authorization` header (never in the URL). Pass the
 * granted scopes to have the answer checked and typed. Retried on network errors and 5xx.
 *
 * @example
 * ```ts
 * const me = await fetchProfile(lwa, tokens.accessToken, { scope: [scopes.profile] })
 * console.log(me.name, me.email)
 * ```
 */
export async function fetchProfile<S extends string = string>(
  config: LwaConfig,
  token: string,
  options: ProfileOptions<S> = {},
): Promise<ProfileFor<S>> {
  return (await fetchProfileWithBody(config, token, options)).profile
}
