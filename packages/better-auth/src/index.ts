/**
 * `@lwa-kit/better-auth`: Login with Amazon for Better Auth. `amazon()` is the provider for Better
 * Auth's `genericOAuth` plugin; `loginWithAmazon()` adds Amazon Music tokens refreshed through
 * `@lwa-kit/core`, a bearer check for tokens from mobile apps, and device linking.
 *
 * @example
 * ```ts
 * import { betterAuth } from 'better-auth'
 * import { genericOAuth } from 'better-auth/plugins/generic-oauth'
 * import { amazon, loginWithAmazon } from '@lwa-kit/better-auth'
 *
 * const provider = amazon({ clientId: process.env.LWA_CLIENT_ID!, clientSecret: process.env.LWA_CLIENT_SECRET! })
 * export const auth = betterAuth({ plugins: [genericOAuth({ config: [provider] }), loginWithAmazon({ provider })] })
 * ```
 *
 * @packageDocumentation
 */
// Core's typed errors (every \`code\` is stable), so an app can check what it catches without
// importing @lwa-kit/core itself: \`isLwaError(err) && err.code === LwaErrorCode.InvalidGrant\`.
export * from '@lwa-kit/core/errors'
// Every export of plugin.ts and tokens.ts is public; the other modules also hold internals.
export type { AmazonOptions } from './options.js'
export * from './plugin.js'
export { type AmazonProviderConfig, amazon } from './provider.js'
export type { AmazonTokenCheck } from './state.js'
export * from './tokens.js'
