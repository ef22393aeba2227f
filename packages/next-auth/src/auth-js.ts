/**
 * `@lwa-kit/next-auth/auth-js`: Login with Amazon for Auth.js (`@auth/core`, next-auth v5), with
 * race-free token refresh in the `jwt` callback.
 *
 * Importing this entry augments Auth.js's `Session` (`accessToken`, `error`) and `JWT`
 * (`amazon`, `error`) types.
 *
 * @example
 * ```ts
 * import { Auth } from '@auth/core'
 * import { Amazon, amazonCallbacks } from '@lwa-kit/next-auth/auth-js'
 *
 * const amazon = Amazon({ clientId: process.env.LWA_CLIENT_ID!, clientSecret: process.env.LWA_CLIENT_SECRET! })
 * const response = await Auth(request, { providers: [amazon], callbacks: amazonCallbacks({ provider: amazon }), secret })
 * ```
 *
 * @packageDocumentation
 */
import type {} from '@auth/core/jwt'
import type {} from '@auth/core/types'
import type { AmazonJwtTokens, AmazonSessionError } from './lib/refresh.js'

// Core's typed errors (every `code` is stable), so an app can check what it catches without
// importing @lwa-kit/core itself: `isLwaError(err) && err.code === LwaErrorCode.InvalidGrant`.
export * from '@lwa-kit/core/errors'
export {
  Amazon,
  Amazon as default,
  type AmazonAuthJsOptions,
  type AmazonAuthJsProvider,
} from './auth-js-provider.js'
export { type AmazonTokenSource, getAmazonAccessToken } from './auth-js-server-token.js'
export * from './lib/shared-exports.js'

declare module '@auth/core/types' {
  interface Session {
    /** The Amazon access token (set by `amazonSession` only with `exposeAccessToken: true`). */
    accessToken?: string
    /** Set when the Amazon grant can no longer be used (set by `amazonSession`). */
    error?: AmazonSessionError
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    /** The Amazon tokens (kept by `amazonJwt`). */
    amazon?: AmazonJwtTokens
    /** Set when the Amazon grant can no longer be used (set by `amazonJwt`). */
    error?: AmazonSessionError
  }
}
