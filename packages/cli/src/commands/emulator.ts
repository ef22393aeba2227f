/**
 * `lwa emulator`: run the local LWA emulator (`@lwa-kit/emulator`) until Ctrl-C.
 *
 * @module
 */
import { readFile } from 'node:fs/promises'
import type { EmulatorConfig, EmulatorOptions } from '@lwa-kit/emulator'
import type { Output } from '../output.js'
import { UsageError } from '../settings.js'
import { CliError } from './session.js'

/** Options of `lwa emulator`. */
export interface EmulatorFlags {
  port?: string
  host?: string
  config?: string
  slowDown?: boolean
}

/** Runs `lwa emulator`; resolves once `signal` aborts and the server is closed. */
export async function emulatorCommand(
  flags: EmulatorFlags,
  out: Output,
  signal: AbortSignal,
): Promise<void> {
  const port = flags.port === undefined ? 4100 : Number(flags.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be a port number (0 picks a free one).')
  const { DEMO, parseConfig, startEmulator } = await import('@lwa-kit/emulator')
  let config: EmulatorConfig | undefined
  if (flags.config !== undefined) {
    try {
      config = parseConfig(JSON.parse(await readFile(flags.config, 'utf8')))
    } catch (err) {
      throw new CliError(`Cannot load ${flags.config}: ${(err as Error).message}`)
    }
  }
  const options: EmulatorOptions = flags.slowDown ? { slowDown: true } : {}
  const emulator = await startEmulator({
    port,
    host: flags.host ?? '127.0.0.1',
    options,
    ...(config ? { config } : {}),
  })
  out.line(`LWA emulator listening on ${emulator.url}`)
  out.line(`  code pair     ${emulator.endpoints.codePairEndpoint}`)
  out.line(`  token         ${emulator.endpoints.tokenEndpoint}`)
  out.line(`  code entry    ${emulator.url}/code`)
  if (!config) {
    out.line(`  device client ${DEMO.deviceClientId}`)
    for (const user of Object.values(DEMO.users))
      out.line(`  user          ${user.email} / ${user.password}`)
  }
  out.line()
  out.line(`Link a device against it: LWA_EMULATOR_URL=${emulator.url} lwa login`)
  out.line('Press Ctrl-C to stop.')
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })
  await emulator.close()
  out.line('Emulator stopped.')
}
