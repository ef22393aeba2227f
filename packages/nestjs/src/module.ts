/**
 * `LwaModule`: Login with Amazon and the Amazon Music API as a Nest module.
 *
 * @module
 */

import { createLwaServices, type LwaClient, type LwaServices } from '@lwa-kit/core'
import { nodeFetch, nodeTokenHash } from '@lwa-kit/node'
import { Module, type Provider } from '@nestjs/common'
import { LwaAuthGuard } from './auth-guard.js'
import { LwaBearerGuard } from './bearer-guard.js'
import { LwaDeviceService } from './device-service.js'
import { ConfigurableLwaModule, LWA_MODULE_OPTIONS } from './module-definition.js'
import { LwaMusicService } from './music-service.js'
import type { LwaModuleOptions } from './options.js'
import { LwaSessionService } from './session-service.js'
import { LwaStrategy } from './strategy.js'
import { LwaTokenService } from './token-service.js'
import { LWA_CLIENT, LWA_TOKEN_MANAGER, LWA_TOKEN_STORE, LWA_TOKEN_VERIFIER } from './tokens.js'

/** The module's core objects (core's `createLwaServices`), behind the four injection tokens. */
const LWA_SERVICES = Symbol('@lwa-kit/nestjs:LwaServices')

const coreProviders: Provider[] = [
  {
    provide: LWA_SERVICES,
    inject: [LWA_MODULE_OPTIONS],
    useFactory: (options: LwaModuleOptions) =>
      createLwaServices({ ...options, fetch: options.fetch ?? nodeFetch(), hash: nodeTokenHash }),
  },
  ...(
    [
      [LWA_CLIENT, 'client'],
      [LWA_TOKEN_VERIFIER, 'verifier'],
      [LWA_TOKEN_STORE, 'store'],
      [LWA_TOKEN_MANAGER, 'tokens'],
    ] as const
  ).map(([provide, name]) => ({
    provide,
    inject: [LWA_SERVICES],
    useFactory: (services: LwaServices) => services[name],
  })),
  {
    // The sign-in strategy needs a callback URL; a module for bearer APIs only has none.
    provide: LwaStrategy,
    inject: [LWA_MODULE_OPTIONS, LwaTokenService, LWA_CLIENT],
    useFactory: (options: LwaModuleOptions, tokens: LwaTokenService, client: LwaClient) =>
      options.callbackURL ? new LwaStrategy(options, tokens, client) : null,
  },
]

const services = [
  LwaTokenService,
  LwaMusicService,
  LwaDeviceService,
  LwaSessionService,
  LwaBearerGuard,
  LwaAuthGuard,
]

/**
 * Login with Amazon for a Nest app. `forRoot(options)` or `forRootAsync({ imports, inject,
 * useFactory | useClass | useExisting })`, with `isGlobal: true` to use it in every module.
 * It provides `LwaStrategy` (Passport's `amazon`), `LwaAuthGuard`, `LwaBearerGuard`,
 * `LwaTokenService`, `LwaMusicService`, `LwaDeviceService` and the core objects behind them
 * (`LWA_CLIENT`, `LWA_TOKEN_VERIFIER`, `LWA_TOKEN_STORE`, `LWA_TOKEN_MANAGER`).
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     ConfigModule.forRoot(),
 *     LwaModule.forRootAsync({
 *       isGlobal: true,
 *       imports: [ConfigModule],
 *       inject: [ConfigService],
 *       useFactory: (config: ConfigService) => ({
 *         clientId: config.getOrThrow('LWA_CLIENT_ID'),
 *         clientSecret: config.getOrThrow('LWA_CLIENT_SECRET'),
 *         callbackURL: config.getOrThrow('LWA_CALLBACK_URL'),
 *         stateSecret: config.getOrThrow('LWA_STATE_SECRET'),
 *         scope: ['profile', 'music::library:read'],
 *       }),
 *     }),
 *   ],
 *   controllers: [AuthController],
 * })
 * export class AppModule {}
 * ```
 */
@Module({
  providers: [...coreProviders, ...services],
  exports: [
    LWA_MODULE_OPTIONS,
    LWA_CLIENT,
    LWA_TOKEN_VERIFIER,
    LWA_TOKEN_STORE,
    LWA_TOKEN_MANAGER,
    LwaStrategy,
    ...services,
  ],
})
export class LwaModule extends ConfigurableLwaModule {}
