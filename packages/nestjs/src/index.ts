/**
 * `@lwa-kit/nestjs`: Login with Amazon and the Amazon Music API for NestJS. Import `LwaModule`,
 * put `LwaAuthGuard` on the sign-in routes and `LwaBearerGuard` on APIs, and inject
 * `LwaTokenService`, `LwaMusicService` and `LwaDeviceService`.
 *
 * @example
 * ```ts
 * import { Module } from '@nestjs/common'
 * import { LwaModule } from '@lwa-kit/nestjs'
 *
 * @Module({
 *   imports: [
 *     LwaModule.forRoot({
 *       isGlobal: true,
 *       clientId: process.env.LWA_CLIENT_ID!,
 *       clientSecret: process.env.LWA_CLIENT_SECRET,
 *       callbackURL: 'https://app.example.com/auth/amazon/callback',
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 *
 * @packageDocumentation
 */
// Core's typed errors (every \`code\` is stable), so an app can check what it catches without
// importing @lwa-kit/core itself: \`isLwaError(err) && err.code === LwaErrorCode.InvalidGrant\`.
export * from '@lwa-kit/core/errors'
export { LwaAuthGuard, lwaReturnTo } from './auth-guard.js'
export { LwaBearerGuard } from './bearer-guard.js'
export {
  type DeviceLinkOptions,
  type DeviceLinkStart,
  type DeviceLinkStatus,
  type DeviceSignIn,
  LwaDeviceService,
} from './device-service.js'
export {
  type LwaExceptionBody,
  LwaHttpException,
  statusOf,
  toHttpException,
} from './exceptions.js'
export { LwaModule } from './module.js'
export {
  LWA_MODULE_OPTIONS,
  type LwaModuleAsyncOptions,
  type LwaModuleForRootOptions,
  type LwaOptionsFactory,
} from './module-definition.js'
export { LwaMusicService } from './music-service.js'
export type { LwaModuleOptions } from './options.js'
export { LwaSessionService } from './session-service.js'
export { LwaStrategy } from './strategy.js'
export { LwaTokenService } from './token-service.js'
export { LWA_CLIENT, LWA_TOKEN_MANAGER, LWA_TOKEN_STORE, LWA_TOKEN_VERIFIER } from './tokens.js'
export { LwaUser } from './user-decorator.js'
