/**
 * The `session` callback helper and the server-side reading of the access token, shared by the
 * next-auth v4 and the Auth.js entries. The access token stays in the encrypted JWT unless the app
 * asks for it on the session, which browser JavaScript can read.
 *
 * @module
 */
import {
  type HeldSessionView,
  type HeldSessionViewOptions,
  heldAccessToken,
  heldSessionView,
  safeRedirectUrl,
} from '@lwa-kit/core'
import {
  type AmazonAccountLike,
  type AmazonJwtFields,
  type AmazonJwtOptions,
  amazonJwt,
} from './refresh.js'

/**
 * The fields {@link amazonSession} puts on the session (core's `HeldSessionView`): `error`, and
 * `accessToken` only with `exposeAccessToken: true`, since the session is readable by browser
 * JavaScript (`/api/auth/session`). On the server use `getAmazonAccessToken`.
 *
 * @example
 * ```ts
 * const fields: AmazonSessionFields = { error: session.error }
 * ```
 */
export type AmazonSessionFields = HeldSessionView

/**
 * Options of {@link amazonSession} (core's `HeldSessionViewOptions`): `exposeAccessToken`, default
 * `false`; turn it on only when browser code must call the Amazon Music API itself.
 *
 * @example
 * ```ts
 * const options: AmazonSessionOptions = { exposeAccessToken: true }
 * ```
 */
export type AmazonSessionOptions = HeldSessionViewOptions

/**
 * The `session` callback's Amazon part: puts any {@link AmazonSessionError} from the JWT on the
 * session, and the access token only with `exposeAccessToken: true` (by default it stays in the
 * encrypted JWT cookie: read it on the server with `getAmazonAccessToken`). `token` also takes a
 * `JWT` that the package's type augmentation did not reach (a second copy of `@auth/core`, say).
 *
 * @example
 * ```ts
 * callbacks: { session: ({ session, token }) => amazonSession({ session, token }) }
 * // then, in a server component: session?.error === AmazonSessionError.GrantRevoked → sign in again
 * ```
 */
export function amazonSession<S extends object>(
  params: { session: S; token: AmazonJwtFields | Record<string, unknown> },
  options: AmazonSessionOptions = {},
): S & AmazonSessionFields {
  const out: S & AmazonSessionFields = { ...params.session }
  delete out.accessToken
  delete out.error
  return Object.assign(out, heldSessionView(params.token as AmazonJwtFields, options))
}

/**
 * The Amazon access token a decoded JWT holds, or `undefined` when there is none, the grant can
 * no longer be used (`token.error`) or the token has expired. For a JWT read on the server
 * (next-auth's `getToken`); `getAmazonAccessToken` reads and checks in one call.
 *
 * @example
 * ```ts
 * import { getToken } from 'next-auth/jwt'
 *
 * const accessToken = amazonAccessToken(await getToken({ req }))
 * ```
 */
export function amazonAccessToken(
  token: AmazonJwtFields | Record<string, unknown> | null | undefined,
  now: number = Date.now(),
): string | undefined {
  return heldAccessToken(token as AmazonJwtFields | null | undefined, now)
}

/**
 * Options of `getAmazonAccessToken`.
 *
 * @example
 * ```ts
 * const options: AmazonAccessTokenOptions = { secret: process.env.AUTH_SECRET }
 * ```
 */
export interface AmazonAccessTokenOptions {
  /** The secret the JWT was encrypted with (default: the framework's variable, `NEXTAUTH_SECRET` or `AUTH_SECRET`). */
  secret?: string
  /** Whether the session cookie is the `__Secure-` one (default: whichever the request carries). */
  secureCookie?: boolean
  /** The clock, in milliseconds since the epoch, for the expiry check (default `Date.now`). */
  now?: () => number
  /**
   * The options you gave `amazonCallbacks` / `amazonJwt` (the same object). A token within the
   * refresh head start is then renewed through the same single-flight refresh as the `jwt`
   * callback, so a request whose cookie still carries the old token (the proxy wrote the new
   * cookie to the response, not to this request) gets the fresh one without a second refresh.
   * Without it, an expired token is `undefined`.
   */
  refresh?: AmazonJwtOptions
}

/**
 * The callbacks at once, to spread into `callbacks`: `jwt` and `session` (`exposeAccessToken` is
 * passed on to {@link amazonSession}), and `redirect`, core's `safeRedirectUrl`: a `callbackUrl`
 * that is not a same-site path (another site, `javascript:`, a backslash or a control character)
 * ends on the site's root instead of the framework's default, which answers 500 on text that is
 * not a URL.
 *
 * @example
 * ```ts
 * const amazon = Amazon({ clientId, clientSecret })
 * export const authOptions = { providers: [amazon], callbacks: { ...amazonCallbacks({ provider: amazon }) } }
 * ```
 */
export function amazonCallbacks(options: AmazonJwtOptions): {
  jwt<T extends object>(params: { token: T; account?: AmazonAccountLike | null }): Promise<T>
  session<S extends object>(params: {
    session: S
    token: AmazonJwtFields | Record<string, unknown>
  }): S & AmazonSessionFields
  redirect(params: { url: string; baseUrl: string }): string
} {
  const { exposeAccessToken } = options
  return {
    jwt: (params) => amazonJwt(params, options),
    session: (params) => amazonSession(params, { exposeAccessToken }),
    redirect: safeRedirectUrl,
  }
}
