/**
 * The verify callbacks `AmazonStrategy` accepts: passport-amazon's forms, with or without `req`
 * (`passReqToCallback`) and the token details, and the `done` they call.
 *
 * @module
 */
import type { AmazonTokenParams } from './amazon-strategy-options.js'
import type { StrategyRequest } from './lib/http.js'
import type { AmazonPassportProfile } from './profile.js'

/**
 * What the verify callback's `done` takes: an error, the user (or `false` to fail), and info.
 *
 * @example
 * ```ts
 * const done: AmazonVerifyCallback = (err, user) => {}
 * ```
 */
export type AmazonVerifyCallback = (err?: unknown, user?: unknown, info?: object) => void

/**
 * `verify(accessToken, refreshToken, profile, done)`, passport-amazon's form.
 *
 * @example
 * ```ts
 * const verify: AmazonVerifyFunction = (accessToken, refreshToken, profile, done) => done(null, profile)
 * ```
 */
export type AmazonVerifyFunction = (
  accessToken: string,
  refreshToken: string | undefined,
  profile: AmazonPassportProfile,
  done: AmazonVerifyCallback,
) => void

/**
 * `verify(accessToken, refreshToken, params, profile, done)`, with the token details.
 *
 * @example
 * ```ts
 * const verify: AmazonVerifyFunctionWithParams = (at, rt, params, profile, done) => done(null, { id: profile.id, expiresAt: params.expires_at })
 * ```
 */
export type AmazonVerifyFunctionWithParams = (
  accessToken: string,
  refreshToken: string | undefined,
  params: AmazonTokenParams,
  profile: AmazonPassportProfile,
  done: AmazonVerifyCallback,
) => void

/**
 * `verify(req, accessToken, refreshToken, profile, done)` (with `passReqToCallback: true`).
 *
 * @example
 * ```ts
 * const verify: AmazonVerifyFunctionWithRequest = (req, at, rt, profile, done) => done(null, profile)
 * ```
 */
export type AmazonVerifyFunctionWithRequest = (
  req: StrategyRequest,
  accessToken: string,
  refreshToken: string | undefined,
  profile: AmazonPassportProfile,
  done: AmazonVerifyCallback,
) => void

/**
 * `verify(req, accessToken, refreshToken, params, profile, done)` (with `passReqToCallback: true`).
 *
 * @example
 * ```ts
 * const verify: AmazonVerifyFunctionWithRequestAndParams = (req, at, rt, params, profile, done) => done(null, profile)
 * ```
 */
export type AmazonVerifyFunctionWithRequestAndParams = (
  req: StrategyRequest,
  accessToken: string,
  refreshToken: string | undefined,
  params: AmazonTokenParams,
  profile: AmazonPassportProfile,
  done: AmazonVerifyCallback,
) => void
