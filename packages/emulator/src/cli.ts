import { bannerLines } from './cli-banner.js'
import { type CliFlags, parseFlags, startInput, USAGE, UsageError } from './cli-flags.js'
import { runInit } from './cli-init.js'
import { startEmulator } from './emulator.js'
import type { Emulator } from './types.js'

/** The `lwa-emulator` command, testable in-process (bin.ts only calls it). */

/**
 * Where {@link runEmulatorCommand} writes: one line per call.
 *
 * @example
 * ```ts
 * const io: EmulatorCommandIo = { log: console.log, error: console.error }
 * ```
 */
export interface EmulatorCommandIo {
  log(line: string): void
  error(line: string): void
}

/**
 * The `lwa-emulator` command in-process (`lwa emulator` of `@lwa-kit/cli` runs it too): parses
 * the arguments, then either prints and resolves to an exit code (`--help` 0, `init` 0 or 1, a
 * usage error 2, a bad `--config` 1), or starts the emulator, prints the banner and resolves to
 * the running emulator (close it to stop).
 *
 * @example
 * ```ts
 * import { runEmulatorCommand } from '@lwa-kit/emulator'
 *
 * const result = await runEmulatorCommand(
 *   ['--port', '0', '--allow-return-url', 'http://localhost:5173/callback'],
 *   { log: console.log, error: console.error },
 * )
 * if (typeof result !== 'number') await result.close()
 * ```
 */
export async function runEmulatorCommand(
  argv: string[],
  io: EmulatorCommandIo,
): Promise<Emulator | number> {
  let flags: CliFlags
  try {
    flags = parseFlags(argv)
  } catch (error) {
    io.error(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (flags.help) {
    io.log(USAGE)
    return 0
  }
  if (flags.command === 'init') {
    try {
      for (const line of runInit(flags)) io.log(line)
      return 0
    } catch (error) {
      io.error((error as Error).message)
      return 1
    }
  }
  let prepared: ReturnType<typeof startInput>
  try {
    prepared = startInput(flags)
  } catch (error) {
    if (error instanceof UsageError) {
      io.error(`${error.message}\n\n${USAGE}`)
      return 2
    }
    io.error((error as Error).message)
    return 1
  }
  const emulator = await startEmulator(prepared.input)
  const lines = bannerLines({
    emulator,
    config: prepared.input.config!,
    demo: prepared.demo,
    source: flags.configFile ?? 'the demo configuration',
    controlToken: emulator.controlToken,
  })
  for (const line of lines) io.log(line)
  return emulator
}
