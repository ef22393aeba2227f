/**
 * `lwa login`: link this machine through LWA's device flow and save the tokens.
 *
 * @module
 */
import { dirname, join } from 'node:path'
import { createLwaClient, type LwaEndpoints, type TokenSet } from '@lwa-kit/core'
import type { Emulator } from '@lwa-kit/emulator'
import { bigText } from '../big-text.js'
import { formatDuration, type Output } from '../output.js'
import {
  type ClientFlags,
  endpointsAt,
  parseRegion,
  parseScopeDataFlag,
  tokenPathFrom,
  UsageError,
} from '../settings.js'
import { writeTokenFile } from '../token-file.js'
import { CliError, portProblem } from './session.js'

/** Options of `lwa login`. */
export interface LoginFlags extends ClientFlags {
  scope?: string
  scopeData?: string
  out?: string
  locale?: string
  emulator?: boolean
  port?: string
  interval?: string
  qr?: boolean
  renew?: boolean
}

/** The Amazon Music Device API scope, asked when `--scope` is absent. */
export const DEFAULT_DEVICE_SCOPE = 'amazon_music:access'

function parseInterval(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const seconds = Number(value)
  if (!Number.isFinite(seconds) || seconds < 1)
    throw new UsageError('--interval must be a number of seconds, at least 1.')
  return Math.round(seconds * 1000)
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be a port number (0 picks a free one).')
  return port
}

/** Modules of light around the code: the quiet zone the QR standard asks for. */
export const QR_QUIET_ZONE = 4

/**
 * Draws the QR code of a URL for the terminal, two module rows per line in half blocks, with a
 * light quiet zone around it.
 *
 * - `ansi` (colours allowed): dark on light explicitly (black on bright white), so it scans on a
 *   dark and a light terminal alike.
 * - plain (no colour: NO_COLOR, or not a terminal with `--qr`): the terminal's own colours draw it,
 *   so the blocks are the *light* modules and the quiet zone, in the text colour: dark on light on
 *   a dark terminal (the common case; drawing the dark modules instead came out inverted there).
 *   On a light terminal it is inverted, which many scanners still read; a line under it says so.
 */
export async function qrFor(url: string, mode: 'ansi' | 'plain'): Promise<string> {
  // Loaded only when a QR code is drawn, so `lwa token` starts faster.
  const { default: QRCode } = await import('qrcode')
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'L' })
  const size = modules.size
  const full = size + 2 * QR_QUIET_ZONE
  const dark = (row: number, col: number) => {
    const r = row - QR_QUIET_ZONE
    const c = col - QR_QUIET_ZONE
    return r >= 0 && r < size && c >= 0 && c < size && Boolean(modules.get(r, c))
  }
  // ansi draws the dark modules (black on white), plain the light ones (text colour).
  const drawn = mode === 'ansi' ? dark : (row: number, col: number) => !dark(row, col)
  const lines: string[] = []
  for (let row = 0; row < full; row += 2) {
    let line = ''
    for (let col = 0; col < full; col++) {
      const top = drawn(row, col)
      // The last line of an odd height has no bottom row: quiet zone, light.
      const bottom = row + 1 < full ? drawn(row + 1, col) : mode === 'plain'
      line += top ? (bottom ? '█' : '▀') : bottom ? '▄' : ' '
    }
    lines.push(mode === 'ansi' ? `\x1b[30;107m${line}\x1b[0m` : line)
  }
  return lines.join('\n')
}

/** `value` as one word of a POSIX shell command line (quoted only when it must be). */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.split("'").join("'\\''")}'`
}

/** Runs `lwa login`. */
export async function loginCommand(
  flags: LoginFlags,
  out: Output,
  env: Record<string, string | undefined>,
  signal: AbortSignal,
): Promise<void> {
  const region = parseRegion(flags.region)
  const scopeData = parseScopeDataFlag(flags.scopeData)
  const intervalMs = parseInterval(flags.interval)
  const port = parsePort(flags.port)
  const scope = flags.scope?.trim() || DEFAULT_DEVICE_SCOPE
  const endpointFlag = flags.endpoint ?? (flags.emulator ? undefined : env.LWA_EMULATOR_URL)
  if (flags.emulator && flags.endpoint)
    throw new UsageError('Use either --emulator or --endpoint, not both.')

  let emulator: Emulator | undefined
  let demoDeviceClientId: string | undefined
  let demoUser: { email: string; password: string } | undefined
  if (flags.emulator || endpointFlag) {
    const { DEMO } = await import('@lwa-kit/emulator')
    demoDeviceClientId = DEMO.deviceClientId
    demoUser = DEMO.users.alice
  }
  const clientId = flags.clientId ?? env.LWA_CLIENT_ID ?? demoDeviceClientId
  if (!clientId)
    throw new UsageError(
      'lwa login needs a client id: pass --client-id or set LWA_CLIENT_ID (or try --emulator).',
    )

  const defaultPath = tokenPathFrom(flags.out, env)
  // A demo login never replaces real tokens: it goes beside them unless --out says otherwise.
  const path =
    flags.emulator && !flags.out && !env.LWA_TOKEN_FILE
      ? join(dirname(defaultPath), 'emulator-tokens.json')
      : defaultPath

  try {
    let endpoints: Partial<LwaEndpoints> | undefined
    if (flags.emulator) {
      const { startEmulator } = await import('@lwa-kit/emulator')
      try {
        emulator = await startEmulator({ port, host: '127.0.0.1' })
      } catch (err) {
        const problem = portProblem(err, port)
        throw problem ? new CliError(problem) : err
      }
      endpoints = emulator.endpointsFor(region)
      out.line(`Started an LWA emulator at ${emulator.url} (demo configuration).`)
      if (demoUser)
        out.line(`Sign in there as ${demoUser.email} with the password ${demoUser.password}.`)
      out.line()
    } else if (endpointFlag) {
      endpoints = endpointsAt(endpointFlag)
    }
    const client = createLwaClient({ clientId, region, ...(endpoints ? { endpoints } : {}) })

    let countdown: { stop(): void } | undefined
    let tokens: TokenSet
    try {
      tokens = await client.deviceLogin({
        scope,
        ...(scopeData ? { scopeData } : {}),
        ...(flags.locale ? { locale: flags.locale } : {}),
        ...(intervalMs !== undefined ? { intervalMs } : {}),
        renewExpiredCode: flags.renew !== false,
        signal,
        onCode: async ({ userCode, verificationUri, expiresAt, attempt }) => {
          countdown?.stop()
          if (attempt > 1) out.line('The code expired; here is a new one.')
          out.line('To link this device with your Amazon account:')
          out.line(`  1. Open  ${verificationUri}`)
          out.line(`  2. Enter ${out.bold(userCode)}`)
          if (out.interactive) {
            out.line()
            out.line(bigText(userCode))
          }
          if (out.interactive ? flags.qr !== false : flags.qr === true) {
            out.line()
            out.line('Or scan this QR code to open the page:')
            out.line(await qrFor(verificationUri, out.color ? 'ansi' : 'plain'))
            if (!out.color)
              out.line('(Drawn for a dark background: the blocks are the light squares.)')
          }
          out.line()
          const minutes = Math.max(1, Math.round((expiresAt - Date.now()) / 60_000))
          if (out.interactive)
            countdown = out.countdown(
              expiresAt,
              (left) => `Waiting for you to enter the code… ${formatDuration(left)} left`,
            )
          else out.line(`Waiting for approval (the code expires in ${minutes} min)…`)
        },
      })
    } finally {
      countdown?.stop()
    }

    await writeTokenFile(path, {
      version: 1,
      clientId,
      region,
      ...(endpoints ? { endpoints } : {}),
      tokens,
      savedAt: new Date().toISOString(),
    })
    out.line(`Linked. Tokens saved to ${path} (mode 0600).`)
    out.line(`Scopes: ${tokens.scope.join(' ') || scope}`)
    if (emulator) {
      out.line()
      out.line(
        'These tokens come from the in-process emulator, which stops now; they are for the demo only.',
      )
    } else {
      // The file this login wrote: `lwa token` alone reads the default one.
      const token = flags.out ? `lwa token --file ${shellWord(path)}` : 'lwa token'
      out.line(`Use the access token with: curl -H "Authorization: Bearer $(${token})" …`)
    }
  } finally {
    await emulator?.close()
  }
}
