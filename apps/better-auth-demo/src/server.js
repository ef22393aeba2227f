// `npm start`: the demo on $HOST:$PORT (default 127.0.0.1:3003) against $LWA_EMULATOR_URL (default
// the emulator on 127.0.0.1:4100).
import { startApp } from './app.js'
import { DemoConfigError } from './config.js'

/** @type {Awaited<ReturnType<typeof startApp>>} */
let running
try {
  running = await startApp()
} catch (error) {
  const code = /** @type {NodeJS.ErrnoException} */ (error).code
  if (error instanceof DemoConfigError) console.error(`Better Auth demo: ${error.message}`)
  else if (code === 'EADDRINUSE' || code === 'EACCES')
    console.error(
      `Better Auth demo: port ${process.env.PORT ?? 3003} is ${code === 'EADDRINUSE' ? 'in use' : 'not allowed'}; set PORT to another one.`,
    )
  else throw error
  process.exit(1)
}
console.log(`lwa-kit Better Auth demo on ${running.url}`)
const stop = () => running.close().then(() => process.exit(0))
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
