/**
 * `@lwa-kit/express`: Login with Amazon for Express 4 and 5, without Passport. `lwaAuth` adds the
 * sign-in, sign-out and device-linking routes and `req.lwa`; `requireLwaToken` protects APIs
 * called with LWA bearer tokens. The protocol work is done by `@lwa-kit/core`.
 *
 * @example
 * ```ts
 * import express from 'express'
 * import { lwaAuth, requireLwaToken } from '@lwa-kit/express'
 *
 * const app = express()
 * app.use(lwaAuth({ clientId, clientSecret, redirectUri: 'http://localhost:3000/auth/amazon/callback', secret }))
 * app.get('/api/me', requireLwaToken({ clientId }), (req, res) => res.json(req.lwaToken!.info))
 * ```
 *
 * @packageDocumentation
 */
// Core's typed errors (every \`code\` is stable), so an app can check what it catches without
// importing @lwa-kit/core itself: \`isLwaError(err) && err.code === LwaErrorCode.InvalidGrant\`.
export * from '@lwa-kit/core/errors'
export type { LwaDeviceOptions } from './device.js'
export { describeFailure, type LwaFailure, sendFailure } from './errors.js'
export { type LwaAuth, type LwaAuthOptions, lwaAuth } from './lwa-auth.js'
export { type RequireLwaTokenOptions, requireLwaToken } from './require-token.js'
export type { LwaBearerToken, LwaRequestContext, LwaUser } from './types.js'
