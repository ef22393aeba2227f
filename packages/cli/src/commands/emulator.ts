/**
 * `lwa emulator`: run the local LWA emulator (`@lwa-kit/emulator`) until Ctrl-C. It takes the
 * flags of `lwa-emulator` (`lwa emulator --help` lists them) and `lwa emulator init`.
 *
 * @module
 */
import type { Output } from '../output.js'
import { UsageError } from '../settings.js'
import { CliError, portProblem } from './session.js'

/** `lwa-emulator` the command, not `lwa-emulator.json` the file. */
const LWA_EMULATOR = /lwa-emulator(?![.\w])/g

/** The value of `--port`/`-p` among the emulator's arguments, when there is one. */
function portArgument(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (arg === '--port' || arg === '-p') return args[i + 1]
    if (arg.startsWith('--port=')) return arg.slice('--port='.length)
  }
  return undefined
}

/** Runs `lwa emulator [args…]`; resolves once `signal` aborts and the server is closed. */
export async function emulatorCommand(
  args: string[],
  out: Output,
  signal: AbortSignal,
): Promise<void> {
  const { runEmulatorCommand } = await import('@lwa-kit/emulator')
  const errors: string[] = []
  let result: Awaited<ReturnType<typeof runEmulatorCommand>>
  try {
    result = await runEmulatorCommand(args, {
      log: (line) => out.line(line.replace(LWA_EMULATOR, 'lwa emulator')),
      error: (line) => errors.push(line.replace(LWA_EMULATOR, 'lwa emulator')),
    })
  } catch (err) {
    const problem = portProblem(err, portArgument(args))
    throw problem ? new CliError(problem) : err
  }
  if (typeof result === 'number') {
    if (result === 0) return
    const first = errors.join('\n').split('\n')[0] || 'lwa emulator failed'
    const busy = /\b(EADDRINUSE|EACCES)\b/.exec(first)
    if (busy) throw new CliError(portProblem({ code: busy[1] }, portArgument(args)) ?? first)
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
