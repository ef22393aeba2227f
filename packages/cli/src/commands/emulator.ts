/**
 * `lwa emulator`: run the local LWA emulator (`@lwa-kit/emulator`) until Ctrl-C. It takes the
 * flags of `lwa-emulator` (`lwa emulator --help` lists them) and `lwa emulator init`.
 *
 * @module
 */
import type { Output } from '../output.js'
import { UsageError } from '../settings.js'
import { CliError } from './session.js'

/** `lwa-emulator` the command, not `lwa-emulator.json` the file. */
const LWA_EMULATOR = /lwa-emulator(?![.\w])/g

/** Runs `lwa emulator [args…]`; resolves once `signal` aborts and the server is closed. */
export async function emulatorCommand(
  args: string[],
  out: Output,
  signal: AbortSignal,
): Promise<void> {
  const { runEmulatorCommand } = await import('@lwa-kit/emulator')
  const errors: string[] = []
  const result = await runEmulatorCommand(args, {
    log: (line) => out.line(line.replace(LWA_EMULATOR, 'lwa emulator')),
    error: (line) => errors.push(line.replace(LWA_EMULATOR, 'lwa emulator')),
  })
  if (typeof result === 'number') {
    if (result === 0) return
    const first = errors.join('\n').split('\n')[0] || 'lwa emulator failed'
    if (result === 2) throw new UsageError(`${first} (run lwa emulator --help for usage)`)
    throw new CliError(first)
  }
  out.line()
  out.line(`Link a device against it: LWA_EMULATOR_URL=${result.url} lwa login`)
  out.line('Press Ctrl-C to stop.')
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })
  await result.close()
  out.line('Emulator stopped.')
}
