#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { DEMO, type EmulatorConfig, parseConfig, startEmulator } from './index.js'

/** The `lwa-emulator` command. @internal */

const USAGE = `Usage: lwa-emulator [--port 4100] [--host 127.0.0.1] [--config file.json]

Starts a local Login with Amazon emulator. Without --config it uses the demo configuration
and prints the demo credentials.`

async function main(): Promise<number> {
  let values: { port?: string; host?: string; config?: string; help?: boolean }
  try {
    values = parseArgs({
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string', short: 'H' },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const port = values.port === undefined ? 4100 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number\n\n${USAGE}`)
    return 2
  }
  let config: EmulatorConfig | undefined
  if (values.config !== undefined) {
    try {
      config = parseConfig(JSON.parse(readFileSync(values.config, 'utf8')))
    } catch (error) {
      console.error(`Cannot load ${values.config}: ${(error as Error).message}`)
      return 1
    }
  }
  const startInput: Parameters<typeof startEmulator>[0] = { port, host: values.host ?? '127.0.0.1' }
  if (config) startInput.config = config
  const emulator = await startEmulator(startInput)
  console.log(`LWA emulator listening on ${emulator.url}`)
  console.log(`  authorization  ${emulator.endpoints.authorizationEndpoint}`)
  console.log(`  token          ${emulator.endpoints.tokenEndpoint}`)
  console.log(`  code pair      ${emulator.endpoints.codePairEndpoint}`)
  console.log(`  device codes   ${emulator.url}/code`)
  if (!config) {
    console.log('\nDemo configuration (local test credentials, not Amazon accounts):')
    console.log(`  security profile  ${DEMO.profileId} (NA, music enabled)`)
    console.log(`  web client        ${DEMO.webClientId}`)
    console.log(`  web secret        ${DEMO.webClientSecret}`)
    console.log(`  device client     ${DEMO.deviceClientId}`)
    for (const user of Object.values(DEMO.users))
      console.log(`  user              ${user.email} / ${user.password}`)
  } else {
    console.log(
      `\n${config.profiles.length} security profile(s), ${config.users.length} user(s) from ${values.config}`,
    )
  }
  const stop = () => {
    emulator.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return -1
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code
  },
  (error: Error) => {
    console.error(`lwa-emulator: ${error.message}`)
    process.exitCode = 1
  },
)
