import { emulatorEndpoints } from '@lwa-kit/emulator/endpoints'
import { LwaModule, type LwaModuleOptions } from '@lwa-kit/nestjs'
import { type DynamicModule, Module } from '@nestjs/common'
import { ConfigModule, ConfigService } from '@nestjs/config'
import { ApiController } from './api.controller.js'
import { AuthController } from './auth.controller.js'
import { type DemoConfig, readDemoConfig } from './config.js'
import { DeviceController } from './device.controller.js'
import { PagesController } from './pages.controller.js'
import { DEMO_CONFIG } from './tokens.js'

/** The LwaModule options of the demo's settings. */
export function lwaOptions(config: DemoConfig): LwaModuleOptions {
  return {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(config.emulatorUrl
      ? { endpoints: emulatorEndpoints(config.emulatorUrl) }
      : { region: config.region }),
    // With PORT=0 (tests) the app's URL is known only once it listens: resolve the callback
    // against the request instead.
    callbackURL:
      config.port === 0 ? '/auth/amazon/callback' : `${config.appUrl}/auth/amazon/callback`,
    scope: config.scope,
    stateSecret: config.stateSecret,
    ...(config.musicApiKey ? { musicApiKey: config.musicApiKey } : {}),
    // Sessions on core's web session: a new handle per sign-in holds its tokens; signing out
    // ends every copy of the cookie (sealed with stateSecret).
    session: {},
    // Device linking is off unless turned on: this demo links devices (see README).
    device: { scope: config.deviceScope },
  }
}

/** The demo app. `AppModule.register(env)` reads its settings from `env` (default `process.env`). */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class AppModule {
  static register(env: Record<string, string | undefined> = process.env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => ({ demo: readDemoConfig(env) })],
        }),
        LwaModule.forRootAsync({
          isGlobal: true,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => lwaOptions(config.getOrThrow<DemoConfig>('demo')),
        }),
      ],
      controllers: [PagesController, AuthController, ApiController, DeviceController],
      providers: [
        {
          provide: DEMO_CONFIG,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => config.getOrThrow<DemoConfig>('demo'),
        },
      ],
    }
  }
}
