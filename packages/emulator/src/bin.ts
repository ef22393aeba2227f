#!/usr/bin/env node
import { runEmulatorCommand } from './cli.js'

/** `lwa-emulator [init] [options]`: see `lwa-emulator --help`. @internal */
runEmulatorCommand(process.argv.slice(2), { log: console.log, error: console.error }).then(
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
