// `npm start`: the demo on $PORT (default 3003) against $LWA_EMULATOR_URL (default the emulator on 127.0.0.1:4100).
import { startApp } from './app.js'

const running = await startApp()
console.log(`lwa-kit Better Auth demo on ${running.url}`)
const stop = () => running.close().then(() => process.exit(0))
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
