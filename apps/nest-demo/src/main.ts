import 'reflect-metadata'
import type { INestApplication } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { AppModule } from './app.module.js'
import { readDemoConfig } from './config.js'
import { LwaErrorPageFilter } from './error-filter.js'

export { AppModule, lwaOptions } from './app.module.js'
export { readDemoConfig } from './config.js'

/** What every instance of the demo needs besides its module: the error pages, clean shutdown. */
export function configureApp(app: INestApplication): INestApplication {
  app.useGlobalFilters(new LwaErrorPageFilter())
  app.enableShutdownHooks()
  return app
}

/** Starts the demo on `PORT` (default 3001). */
export async function bootstrap(
  env: Record<string, string | undefined> = process.env,
): Promise<INestApplication> {
  const config = readDemoConfig(env)
  const app = configureApp(
    await NestFactory.create(AppModule.register(env), { logger: ['error', 'warn'] }),
  )
  await app.listen(config.port, env.HOST ?? '127.0.0.1')
  return app
}

if (typeof require !== 'undefined' && require.main === module) {
  bootstrap().then(
    async (app) =>
      console.log(`NestJS demo on ${readDemoConfig().appUrl} (listening at ${await app.getUrl()})`),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
