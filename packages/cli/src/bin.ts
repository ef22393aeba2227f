#!/usr/bin/env node
/**
 * The `lwa` executable: runs the CLI with the process's arguments; Ctrl-C (or SIGTERM) cancels
 * the running command cleanly.
 *
 * @module
 */
import { runCli } from './program.js'

const controller = new AbortController()
const cancel = () => {
  if (controller.signal.aborted) process.exit(130)
  controller.abort()
}
process.on('SIGINT', cancel)
process.on('SIGTERM', cancel)

runCli(process.argv.slice(2), { signal: controller.signal }).then(
  (code) => {
    process.exitCode = code
    process.off('SIGINT', cancel)
    process.off('SIGTERM', cancel)
  },
  (err: unknown) => {
    process.stderr.write(
      `lwa: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`,
    )
    process.exitCode = 1
  },
)
