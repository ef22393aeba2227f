/**
 * `@lwa-kit/better-auth`: Login with Amazon for Better Auth. `amazon()` is the provider for Better
 * Auth's `genericOAuth` plugin.
 *
 * @example
 * ```ts
 * import { betterAuth } from 'better-auth'
 * import { genericOAuth } from 'better-auth/plugins/generic-oauth'
 * import { amazon } from '@lwa-kit/better-auth'
 *
 * const provider = amazon({ clientId: process.env.LWA_CLIENT_ID!, clientSecret: process.env.LWA_CLIENT_SECRET! })
 * export const auth = betterAuth({ plugins: [genericOAuth({ config: [provider] })] })
 * ```
 *
 * @packageDocumentation
 */
export type { AmazonOptions } from './options.js'
export { type AmazonProviderConfig, amazon } from './provider.js'
