/**
 * `@lwa-kit/next-auth`: Login with Amazon for next-auth v4, with race-free token refresh in the
 * `jwt` callback. For Auth.js (`@auth/core`, next-auth v5) import `@lwa-kit/next-auth/auth-js`.
 *
 * Importing this entry augments next-auth's `Session` (`accessToken`, `error`) and `JWT`
 * (`amazon`, `error`) types.
 *
 * @example
 * ```ts
 * import NextAuth from 'next-auth'
 * import { Amazon, amazonCallbacks } from '@lwa-kit/next-auth'
 *
 * const amazon = Amazon({ clientId: process.env.LWA_CLIENT_ID!, clientSecret: process.env.LWA_CLIENT_SECRET! })
 * export const authOptions = { providers: [amazon], callbacks: amazonCallbacks({ provider: amazon }) }
 * ```
 *
 * @packageDocumentation
 */
import type {} from 'next-auth'
import type {} from 'next-auth/jwt'
import type { AmazonJwtTokens, AmazonSessionError } from './lib/refresh.js'

// Core's typed errors (every `code` is stable), so an app can check what it catches without
// importing @lwa-kit/core itself: `isLwaError(err) && err.code === LwaErrorCode.InvalidGrant`.
export * from '@lwa-kit/core/errors'
export * from './lib/shared-exports.js'
export { Amazon, Amazon as default, type AmazonProvider } from './provider.js'
export { type AmazonTokenSource, getAmazonAccessToken } from './server-token.js'

declare module 'next-auth' {
  interface Session {
    /** The Amazon access token (set by `amazonSession` only with `exposeAccessToken: true`). */
    accessToken?: string
    /** Set when the Amazon grant can no longer be used (set by `amazonSession`). */
    error?: AmazonSessionError
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    /** The Amazon tokens (kept by `amazonJwt`). */
    amazon?: AmazonJwtTokens
    /** Set when the Amazon grant can no longer be used (set by `amazonJwt`). */
    error?: AmazonSessionError
  }
}
