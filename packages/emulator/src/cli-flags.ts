import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { redirectSchemeAllowed } from './authorize-core.js'
import { cloneConfig, parseConfig } from './config.js'
import { demoConfig } from './demo-config.js'
import type { StartEmulatorOptions } from './emulator.js'
import type { EmulatorConfig, EmulatorOptions, Region, SecurityProfile } from './types.js'

/** The `lwa-emulator` flags: parsing, and turning them into `startEmulator` input. @internal */

export const USAGE = `Usage: lwa-emulator [options]
       lwa-emulator init [--file lwa-emulator.json] [--force] [options]

Starts a local Login with Amazon emulator. Without --config it uses the demo configuration
and prints the demo credentials. "init" writes a starter --config file instead.

Options:
  -p, --port <port>             port to listen on (default 4100; 0 picks a free one)
  -H, --host <address>          address to listen on (default 127.0.0.1)
  -c, --config <file>           security profiles and users (JSON, see "lwa-emulator init")
      --allow-return-url <url>  add an Allowed Return URL (repeatable)
      --profile <id>            the security profile the profile flags change (default: the first)
      --region <NA|EU|FE>       that profile's region
      --music, --no-music       Amazon Music enabled for that profile, or not
      --token-lifetime <s>      access token lifetime in seconds (default 3600)
      --rotate-refresh-tokens   a new refresh token on every refresh (default: the same one)
      --slow-down               answer slow_down to device polls faster than the interval
      --allow-host <name>       also serve requests whose Host is this name (repeatable)
      --control-token <token>   the control API's bearer token (default: a random one when
                                --host is not loopback, none on loopback)
      --file <path>             with init: where to write (default lwa-emulator.json)
      --force                   with init: replace an existing file
  -h, --help                    show this help`

/** What the command line asks for. */
export interface CliFlags {
  command: 'start' | 'init'
  port: number
  host: string
  configFile: string | undefined
  returnUrls: string[]
  profileId: string | undefined
  region: Region | undefined
  music: boolean | undefined
  tokenLifetime: number | undefined
  rotate: boolean
  slowDown: boolean
  allowHosts: string[]
  controlToken: string | undefined
  file: string
  force: boolean
  help: boolean
}

/** A usage error: exit code 2 with the message and the usage. */
export class UsageError extends Error {}

function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const value = Number(text)
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}`)
  return value
}

/** Parses argv (without node and the script). Throws {@link UsageError}. */
export function parseFlags(argv: string[]): CliFlags {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values: v, positionals } = parsed
  if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== 'init'))
    throw new UsageError(`Unknown command: ${positionals.join(' ')}`)
  if (v.music && v['no-music']) throw new UsageError('Use --music or --no-music, not both')
  const region = v.region?.toUpperCase()
  if (region !== undefined && region !== 'NA' && region !== 'EU' && region !== 'FE')
    throw new UsageError('--region must be NA, EU or FE')
  const returnUrls = v['allow-return-url'] ?? []
  for (const url of returnUrls) {
    if (!redirectSchemeAllowed(url, true))
      throw new UsageError(
        `--allow-return-url ${url}: use an absolute https URL, or http on localhost or 127.0.0.1, without a #fragment`,
      )
  }
  const token = v['control-token']
  if (token !== undefined && !/^[\x21-\x7e]{16,}$/.test(token))
    throw new UsageError('--control-token must be at least 16 visible ASCII characters')
  return {
    command: positionals[0] === 'init' ? 'init' : 'start',
    port: v.port === undefined ? 4100 : wholeNumber(v.port, '--port', 0, 65535),
    host: v.host ?? '127.0.0.1',
    configFile: v.config,
    returnUrls,
    profileId: v.profile,
    region,
    music: v.music ? true : v['no-music'] ? false : undefined,
    tokenLifetime:
      v['token-lifetime'] === undefined
        ? undefined
        : wholeNumber(v['token-lifetime'], '--token-lifetime', 1, 86_400 * 365),
    rotate: v['rotate-refresh-tokens'] === true,
    slowDown: v['slow-down'] === true,
    allowHosts: v['allow-host'] ?? [],
    controlToken: token,
    file: v.file ?? 'lwa-emulator.json',
    force: v.force === true,
    help: v.help === true,
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string', short: 'H' },
      config: { type: 'string', short: 'c' },
      'allow-return-url': { type: 'string', multiple: true },
      profile: { type: 'string' },
      region: { type: 'string' },
      music: { type: 'boolean' },
      'no-music': { type: 'boolean' },
      'token-lifetime': { type: 'string' },
      'rotate-refresh-tokens': { type: 'boolean' },
      'slow-down': { type: 'boolean' },
      'allow-host': { type: 'string', multiple: true },
      'control-token': { type: 'string' },
      file: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  })
}

/** Reads and checks a `--config` file. Throws with the file name and the first bad field. */
export function loadConfigFile(file: string): EmulatorConfig {
  try {
    return parseConfig(JSON.parse(readFileSync(file, 'utf8')))
  } catch (error) {
    throw new Error(`Cannot load ${file}: ${(error as Error).message}`)
  }
}

/** The profile the profile flags change. Throws {@link UsageError} for an unknown `--profile`. */
export function targetProfile(config: EmulatorConfig, flags: CliFlags): SecurityProfile {
  const profile =
    flags.profileId === undefined
      ? config.profiles[0]
      : config.profiles.find((p) => p.id === flags.profileId)
  if (!profile)
    throw new UsageError(
      flags.profileId === undefined
        ? 'The configuration has no security profile'
        : `--profile ${flags.profileId} is not a security profile of the configuration`,
    )
  return profile
}

/** Applies the profile flags to a copy of the configuration. */
export function applyProfileFlags(base: EmulatorConfig, flags: CliFlags): EmulatorConfig {
  const config = cloneConfig(base)
  const profile = targetProfile(config, flags)
  if (flags.region) profile.region = flags.region
  if (flags.music !== undefined) profile.musicEnabled = flags.music
  profile.allowedReturnUrls ??= []
  for (const url of flags.returnUrls)
    if (!profile.allowedReturnUrls.includes(url)) profile.allowedReturnUrls.push(url)
  return config
}

/** The `startEmulator` input for `lwa-emulator [options]`. */
export function startInput(flags: CliFlags): { input: StartEmulatorOptions; demo: boolean } {
  const demo = flags.configFile === undefined
  const config = applyProfileFlags(demo ? demoConfig : loadConfigFile(flags.configFile!), flags)
  const options: EmulatorOptions = { showCredentials: demo }
  if (flags.tokenLifetime !== undefined) options.accessTokenLifetimeSeconds = flags.tokenLifetime
  if (flags.rotate) options.rotateRefreshTokens = true
  if (flags.slowDown) options.slowDown = true
  if (flags.allowHosts.length > 0) options.allowedHosts = flags.allowHosts
  const input: StartEmulatorOptions = { port: flags.port, host: flags.host, config, options }
  if (flags.controlToken !== undefined) input.controlToken = flags.controlToken
  return { input, demo }
}
