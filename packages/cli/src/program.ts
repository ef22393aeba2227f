/**
 * The `lwa` command line: arguments and help (commander), exit codes, one-line errors.
 *
 * @module
 */
import { isLwaError, LwaErrorCode, redactTokens } from '@lwa-kit/core'
import { Command, CommanderError, Option } from 'commander'
import { version } from '../package.json'
import { emulatorCommand } from './commands/emulator.js'
import { loginCommand } from './commands/login.js'
import { logoutCommand } from './commands/logout.js'
import { tokenCommand } from './commands/token.js'
import { whoamiCommand } from './commands/whoami.js'
import { type CliIo, createOutput, type Output } from './output.js'
import { UsageError } from './settings.js'

/**
 * Exit codes of `lwa`: 0 success, 1 failure (one line on stderr), 2 usage error.
 *
 * @example
 * ```ts
 * if ((await runCli(['token'])) === ExitCode.Failure) console.error('not signed in?')
 * ```
 */
export const ExitCode = { Ok: 0, Failure: 1, Usage: 2 } as const

/**
 * Options of {@link runCli}.
 *
 * @example
 * ```ts
 * const code = await runCli(['token'], { io: { stdout, stderr, env: process.env } })
 * ```
 */
export interface RunCliOptions {
  /** Streams and environment (default: the process's). */
  io?: CliIo
  /** Stops a running command (Ctrl-C). */
  signal?: AbortSignal
}

function oneLine(text: string): string {
  return redactTokens(text.split('\n')[0] ?? '').trim()
}

function describeFailure(err: unknown): string {
  if (isLwaError(err)) {
    if (err.code === LwaErrorCode.Aborted) return 'Cancelled.'
    if (err.code === LwaErrorCode.ReauthorizationRequired)
      return 'The Amazon grant was revoked or refused and the saved tokens were removed: run lwa login again.'
    return oneLine(err.message)
  }
  if (err instanceof Error) return oneLine(err.message)
  return oneLine(String(err))
}

function build(out: Output, io: CliIo, signal: AbortSignal): Command {
  const program = new Command('lwa')
    .enablePositionalOptions()
    .description('Login with Amazon from the terminal: link a device, print fresh tokens.')
    .version(version, '-v, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`lwa: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(run lwa --help for usage)')
    .allowExcessArguments(false)
  const fileOption = () =>
    new Option('--file <path>', 'the token file (default: $XDG_CONFIG_HOME/lwa-kit/tokens.json)')
  const env = io.env

  program
    .command('login')
    .description("link this device through LWA's device flow (code pair) and save the tokens")
    .option('--scope <scopes>', 'space-separated scopes', 'amazon_music:access')
    .option('--scope-data <json>', 'scope_data as a JSON object (alexa:all needs device data)')
    .option('--client-id <id>', 'the LWA client id (default: $LWA_CLIENT_ID)')
    .option('--region <region>', 'NA, EU or FE', 'NA')
    .option(
      '--endpoint <url>',
      'an LWA emulator to use instead of Amazon (default: $LWA_EMULATOR_URL)',
    )
    .option(
      '--emulator',
      'run the whole flow against an in-process emulator (a demo, no Amazon account)',
    )
    .option('--port <port>', 'with --emulator: its port (default: a free one)')
    .option(
      '--out <path>',
      'where to save the tokens (default: $XDG_CONFIG_HOME/lwa-kit/tokens.json)',
    )
    .option('--locale <locale>', 'the device locale, sent as Accept-Language')
    .option('--interval <seconds>', 'seconds between polls (default 5, at least 1)')
    .option('--qr', 'draw the QR code also when stdout is not a terminal')
    .option('--no-qr', 'never draw the QR code')
    .option('--no-renew', 'stop when the code expires instead of showing a new one')
    .action((flags) => loginCommand(flags, out, env, signal))

  program
    .command('token')
    .description('print a fresh access token (refreshed and saved when it is about to expire)')
    .addOption(fileOption())
    .option('--json', 'print the token with its expiry and scopes as JSON')
    .action((flags) => tokenCommand(flags, out, env, signal))

  program
    .command('whoami')
    .description('show the profile and token info of the saved tokens')
    .addOption(fileOption())
    .option('--json', 'print JSON')
    .action((flags) => whoamiCommand(flags, out, env, signal))

  program
    .command('logout')
    .description('delete the saved tokens')
    .addOption(fileOption())
    .action((flags) => logoutCommand(flags, out, env))

  program
    .command('emulator')
    .description(
      'run the local LWA emulator until Ctrl-C (flags as lwa-emulator: lwa emulator --help)',
    )
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments(true)
    .passThroughOptions()
    .argument('[args...]', 'init, --port, --allow-return-url and the other lwa-emulator flags')
    .action((args: string[]) => emulatorCommand(args, out, signal))

  return program
}

/**
 * Runs `lwa` with the given arguments (without `node` and the script) and resolves with the exit
 * code: 0 success, 1 failure (one line on stderr, never a token), 2 usage error.
 *
 * @example
 * ```ts
 * import { runCli } from '@lwa-kit/cli'
 * process.exitCode = await runCli(process.argv.slice(2))
 * ```
 */
export async function runCli(
  args: readonly string[],
  options: RunCliOptions = {},
): Promise<number> {
  const io: CliIo = options.io ?? {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  }
  const out = createOutput(io)
  const signal = options.signal ?? new AbortController().signal
  const program = build(out, io, signal)
  try {
    await program.parseAsync([...args], { from: 'user' })
    return ExitCode.Ok
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage
    if (err instanceof UsageError) {
      out.error(`lwa: ${oneLine(err.message)}`)
      return ExitCode.Usage
    }
    out.error(`lwa: ${describeFailure(err)}`)
    return ExitCode.Failure
  }
}
