import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { parseConfig } from './config.js'
import { DEMO } from './demo-config.js'
import { startEmulator } from './emulator.js'
import type { Emulator, EmulatorConfig } from './types.js'

/** The `lwa-emulator` command, testable in-process (bin.ts only calls it). @internal */

export const USAGE = `Usage: lwa-emulator [--port 4100] [--host 127.0.0.1] [--config file.json]

Starts a local Login with Amazon emulator. Without --config it uses the demo configuration
and prints the demo credentials.`

export interface CliIo {
  log(line: string): void
  error(line: string): void
}

/** Runs the command; resolves to a running emulator, or to an exit code when it should stop. */
export async function runCli(argv: string[], io: CliIo): Promise<Emulator | number> {
  let values: { port?: string; host?: string; config?: string; help?: boolean }
  try {
    values = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string', short: 'H' },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    io.error(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (values.help) {
    io.log(USAGE)
    return 0
  }
  const port = values.port === undefined ? 4100 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.error(`--port must be a port number\n\n${USAGE}`)
    return 2
  }
  let config: EmulatorConfig | undefined
  if (values.config !== undefined) {
    try {
      config = parseConfig(JSON.parse(readFileSync(values.config, 'utf8')))
    } catch (error) {
      io.error(`Cannot load ${values.config}: ${(error as Error).message}`)
      return 1
    }
  }
  const emulator = await startEmulator({
    port,
    host: values.host ?? '127.0.0.1',
    ...(config && { config }),
  })
  io.log(`LWA emulator listening on ${emulator.url}`)
  io.log(`  authorization  ${emulator.endpoints.authorizationEndpoint}`)
  io.log(`  token          ${emulator.endpoints.tokenEndpoint}`)
  io.log(`  code pair      ${emulator.endpoints.codePairEndpoint}`)
  io.log(`  device codes   ${emulator.url}/code`)
  if (config) {
    io.log(
      `${config.profiles.length} security profile(s), ${config.users.length} user(s) from ${values.config}`,
    )
    return emulator
  }
  io.log('Demo configuration (local test credentials, not Amazon accounts):')
  io.log(`  security profile  ${DEMO.profileId} (NA, music enabled)`)
  io.log(`  web client        ${DEMO.webClientId}`)
  io.log(`  web secret        ${DEMO.webClientSecret}`)
  io.log(`  device client     ${DEMO.deviceClientId}`)
  for (const user of Object.values(DEMO.users))
    io.log(`  user              ${user.email} / ${user.password}`)
  return emulator
}
