// A small Nest app on @lwa-kit/nestjs, the way an application would write it.
import {
  LwaAuthGuard,
  LwaBearerGuard,
  LwaDeviceService,
  LwaModule,
  type LwaModuleOptions,
  LwaMusicService,
  type LwaOptionsFactory,
  LwaUser,
  lwaReturnTo,
} from '@lwa-kit/nestjs'
import {
  Controller,
  type DynamicModule,
  Get,
  Inject,
  Injectable,
  Module,
  Param,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common'

type DeviceRequest = Parameters<LwaDeviceService['start']>[0]
type DeviceResponse = Parameters<LwaDeviceService['start']>[1]

/** Where the tests put the options; a stand-in for ConfigService. */
export const TEST_OPTIONS = Symbol('TEST_OPTIONS')

@Controller()
class TestController {
  constructor(
    @Inject(LwaMusicService) private readonly music: LwaMusicService,
    @Inject(LwaDeviceService) private readonly devices: LwaDeviceService,
  ) {}

  @Get('auth/amazon')
  @UseGuards(LwaAuthGuard)
  login(): void {}

  @Get('auth/amazon/callback')
  @UseGuards(LwaAuthGuard)
  callback(@LwaUser() user: LwaUser, @Req() req: unknown) {
    return { user, returnTo: lwaReturnTo(req, '/home') }
  }

  @Get('api/me')
  @UseGuards(LwaBearerGuard)
  me(@LwaUser() user: LwaUser, @LwaUser('userId') userId: string) {
    return { userId, clientId: user.tokenInfo?.clientId }
  }

  @Get('music/:userId')
  async musicOf(@Param('userId') userId: string) {
    const [me, playlists] = await Promise.all([
      this.music.me(userId),
      this.music.playlists(userId, { limit: 5 }),
    ])
    return { me, playlists }
  }

  @Post('device/start')
  startDevice(@Req() req: DeviceRequest, @Res() res: DeviceResponse) {
    return this.devices.start(req, res)
  }

  @Get('device/status')
  deviceStatus(@Req() req: DeviceRequest, @Res() res: DeviceResponse) {
    return this.devices.status(req, res)
  }
}

/** The routes live in a feature module that does not import LwaModule: isGlobal makes it work. */
@Module({ controllers: [TestController] })
class FeatureModule {}

@Module({})
class OptionsModule {
  static with(options: LwaModuleOptions): DynamicModule {
    return {
      module: OptionsModule,
      providers: [{ provide: TEST_OPTIONS, useValue: options }, LwaConfig],
      exports: [TEST_OPTIONS, LwaConfig],
    }
  }
}

@Injectable()
class LwaConfig implements LwaOptionsFactory {
  constructor(@Inject(TEST_OPTIONS) private readonly options: LwaModuleOptions) {}

  createLwaOptions(): LwaModuleOptions {
    return this.options
  }
}

export type Variant =
  | 'forRoot'
  | 'forRootAsync (useFactory)'
  | 'forRootAsync (useClass)'
  | 'forRootAsync (useExisting)'

export const VARIANTS: Variant[] = [
  'forRoot',
  'forRootAsync (useFactory)',
  'forRootAsync (useClass)',
  'forRootAsync (useExisting)',
]

function lwaImport(variant: Variant, options: LwaModuleOptions): DynamicModule {
  const imports = [OptionsModule.with(options)]
  switch (variant) {
    case 'forRoot':
      return LwaModule.forRoot({ ...options, isGlobal: true })
    case 'forRootAsync (useFactory)':
      return LwaModule.forRootAsync({
        isGlobal: true,
        imports,
        inject: [TEST_OPTIONS],
        useFactory: async (o: LwaModuleOptions) => o,
      })
    case 'forRootAsync (useClass)':
      return LwaModule.forRootAsync({ isGlobal: true, imports, useClass: LwaConfig })
    case 'forRootAsync (useExisting)':
      return LwaModule.forRootAsync({ isGlobal: true, imports, useExisting: LwaConfig })
  }
}

/** The root module of the test app for one way of configuring LwaModule. */
export function testAppModule(variant: Variant, options: LwaModuleOptions): DynamicModule {
  @Module({})
  class TestAppModule {}
  return { module: TestAppModule, imports: [lwaImport(variant, options), FeatureModule] }
}
