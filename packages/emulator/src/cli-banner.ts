import { emulatorEndpoints } from './endpoints.js'
import type { Emulator, EmulatorConfig, Region } from './types.js'

/** The start-up banner of `lwa-emulator`: endpoints, clients, users, return URLs, control API. @internal */

export interface BannerInput {
  emulator: Emulator
  config: EmulatorConfig
  /** True for the demo configuration: its secrets and passwords are printed (they are public). */
  demo: boolean
  /** Where the configuration came from, for the heading. */
  source: string
  /** The control API's bearer token, when one is required. */
  controlToken?: string | undefined
}

export function bannerLines(input: BannerInput): string[] {
  const { emulator, config, demo } = input
  const url = emulator.url
  const region: Region = config.profiles[0]?.region ?? 'NA'
  const e = emulatorEndpoints(url, region)
  const lines = [`LWA emulator listening on ${url}`]
  lines.push(`  authorization  ${e.authorizationEndpoint}`)
  lines.push(`  token          ${e.tokenEndpoint}`)
  lines.push(`  code pair      ${e.codePairEndpoint}`)
  lines.push('  regions        NA at the root, EU under /eu, FE under /fe')
  lines.push(
    `  device codes   ${url}${e.authorizationEndpoint.slice(url.length, -'/ap/oa'.length)}/code`,
  )
  lines.push(`  control API    ${url}/__emulator/  (see the emulator README)`)
  if (input.controlToken)
    lines.push(
      `  control token  ${input.controlToken}  (the control API requires Authorization: Bearer <token>)`,
    )
  lines.push('')
  lines.push(
    demo
      ? 'Demo configuration (local test credentials, not Amazon accounts):'
      : `${config.profiles.length} security profile(s), ${config.users.length} user(s) from ${input.source}:`,
  )
  for (const profile of config.profiles) {
    const music = profile.musicEnabled ? ', Music enabled' : ''
    const name = profile.name ? `${profile.name}: ` : ''
    lines.push(`  security profile  ${name}${profile.id} (${profile.region}${music})`)
    for (const client of profile.clients) {
      const secret = client.clientSecret ? (demo ? `  secret ${client.clientSecret}` : '') : ''
      lines.push(
        `    ${client.type === 'web' ? 'web client   ' : 'device client'}  ${client.clientId}${secret}`,
      )
    }
    const urls = profile.allowedReturnUrls ?? []
    lines.push(`    allowed return URLs${urls.length ? '' : '  (none)'}`)
    for (const returnUrl of urls) lines.push(`      ${returnUrl}`)
  }
  for (const user of config.users)
    lines.push(`  user              ${user.email}${demo ? ` / ${user.password}` : ''}`)
  lines.push('')
  lines.push('Add a return URL: --allow-return-url <url>. Stop: Ctrl-C.')
  return lines
}
