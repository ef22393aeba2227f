#!/usr/bin/env node
import { runCli } from './cli.js'

/** `lwa-emulator --port 4100 --host 127.0.0.1 --config file.json` @internal */
runCli(process.argv.slice(2), { log: console.log, error: console.error }).then(
  (result) => {
    if (typeof result === 'number') {
      process.exitCode = result
      return
    }
    const stop = () => {
      result.close().then(() => process.exit(0))
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  },
  (error: Error) => {
    console.error(`lwa-emulator: ${error.message}`)
    process.exitCode = 1
  },
)
