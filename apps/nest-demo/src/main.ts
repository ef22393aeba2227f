import 'reflect-metadata'
import { createServer } from 'node:net'
import type { INestApplication } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { AppModule } from './app.module.js'
import { DemoConfigError, readDemoConfig } from './config.js'
import { LwaErrorPageFilter } from './error-filter.js'

export { AppModule, lwaOptions } from './app.module.js'
export { readDemoConfig } from './config.js'

/** What every instance of the demo needs besides its module: the error pages, clean shutdown. */
export function configureApp(app: INestApplication): INestApplication {
  app.useGlobalFilters(new LwaErrorPageFilter())
  app.enableShutdownHooks()
  return app
}

/** Rejects with the listen error (EADDRINUSE, EACCES…) when `host:port` cannot be bound now. */
function portFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(port, host, () => probe.close(() => resolve()))
  })
}

/** Starts the demo on `HOST:PORT` (default 127.0.0.1:3001). */
export async function bootstrap(
  env: Record<string, string | undefined> = process.env,
): Promise<INestApplication> {
  const config = readDemoConfig(env)
  const host = env.HOST || '127.0.0.1'
  // A busy port is said in one line by the caller, before Nest logs its own stack for it.
  if (config.port !== 0) await portFree(config.port, host)
  const app = configureApp(
    await NestFactory.create(AppModule.register(env), { logger: ['error', 'warn'] }),
  )
  // Loopback only unless told otherwise (HOST=0.0.0.0 to listen on every interface).
  await app.listen(config.port, host)
  return app
}

if (typeof require !== 'undefined' && require.main === module) {
  bootstrap().then(
    async (app) =>
      console.log(`NestJS demo on ${readDemoConfig().appUrl} (listening at ${await app.getUrl()})`),
    (error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code
      if (error instanceof DemoConfigError) console.error(`NestJS demo: ${error.message}`)
      else if (code === 'EADDRINUSE' || code === 'EACCES')
        console.error(
          `NestJS demo: port ${readDemoConfig().port} is ${code === 'EADDRINUSE' ? 'in use' : 'not allowed'}; set PORT to another one.`,
        )
      else console.error(error)
      process.exit(1)
    },
  )
}
