// One app of the routes bench: Nest 11 (Express platform) with LwaBearerGuard on /protected, the
// same handler bare on /bare. Plain JavaScript, so the decorators are applied by hand.
// argv: <emulator url>. Prints its URL.
import 'reflect-metadata'
import { DEMO } from '@lwa-kit/emulator'
import { emulatorEndpoints } from '@lwa-kit/emulator/endpoints'
import { LwaBearerGuard, LwaModule } from '@lwa-kit/nestjs'
import { Controller, Get, Module, UseGuards } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'

const endpoints = emulatorEndpoints(process.argv[2])
const payload = { ok: true, items: [1, 2, 3] }

class RoutesController {
  bare() {
    return payload
  }
  guarded() {
    return payload
  }
}
const method = (name) => Object.getOwnPropertyDescriptor(RoutesController.prototype, name)
Get('bare')(RoutesController.prototype, 'bare', method('bare'))
Get('protected')(RoutesController.prototype, 'guarded', method('guarded'))
UseGuards(LwaBearerGuard)(RoutesController.prototype, 'guarded', method('guarded'))
Controller()(RoutesController)

class AppModule {}
Module({
  imports: [LwaModule.forRoot({ clientId: DEMO.webClientId, endpoints })],
  controllers: [RoutesController],
})(AppModule)

const app = await NestFactory.create(AppModule, { logger: false })
await app.listen(0, '127.0.0.1')
console.log((await app.getUrl()).replace('[::1]', '127.0.0.1'))
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
