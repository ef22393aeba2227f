import { randomBytes, randomInt } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import type { CliFlags } from './cli-flags.js'
import type { EmulatorConfig } from './types.js'

/** `lwa-emulator init`: a starter `--config` file with fresh ids and secrets. @internal */

const hex = () => randomBytes(16).toString('hex')
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

function accountId(): string {
  let id = 'amzn1.account.AE'
  for (let i = 0; i < 18; i++) id += UPPER[randomInt(UPPER.length)]
  return id
}

/** A starter configuration: one profile with a web and a device client, and one user. */
export function starterConfig(flags: Pick<CliFlags, 'region' | 'music' | 'returnUrls'>) {
  const config: EmulatorConfig = {
    profiles: [
      {
        id: `amzn1.application.${hex()}`,
        name: 'My app',
        region: flags.region ?? 'NA',
        musicEnabled: flags.music ?? true,
        allowedReturnUrls:
          flags.returnUrls.length > 0
            ? [...flags.returnUrls]
            : ['http://localhost:3000/auth/amazon/callback'],
        clients: [
          {
            clientId: `amzn1.application-oa2-client.${hex()}`,
            clientSecret: randomBytes(24).toString('base64url'),
            type: 'web',
          },
          { clientId: `amzn1.application-oa2-client.${hex()}`, type: 'device' },
        ],
      },
    ],
    users: [
      {
        userId: accountId(),
        name: 'Test User',
        email: 'test-user@example.com',
        postalCode: '98109',
        password: randomBytes(12).toString('base64url'),
      },
    ],
  }
  return config
}

/**
 * Writes the starter file (mode 0600; refuses to replace one without `--force`) and returns the
 * lines to print. They name the ids but never a secret or a password.
 */
export function runInit(flags: CliFlags): string[] {
  const config = starterConfig(flags)
  const text = `${JSON.stringify(config, null, 2)}\n`
  try {
    writeFileSync(flags.file, text, { flag: flags.force ? 'w' : 'wx', mode: 0o600 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new Error(`${flags.file} exists already: pass --force to replace it`)
    throw new Error(`Cannot write ${flags.file}: ${(error as Error).message}`)
  }
  const profile = config.profiles[0]!
  const user = config.users[0]!
  return [
    `Wrote ${flags.file}: a starter emulator configuration.`,
    `  security profile  ${profile.id} (${profile.region}${profile.musicEnabled ? ', Music enabled' : ''})`,
    `  web client        ${profile.clients[0]!.clientId} (its secret is in the file)`,
    `  device client     ${profile.clients[1]!.clientId}`,
    `  user              ${user.email} (its password is in the file)`,
    `  return URLs       ${(profile.allowedReturnUrls ?? []).join(' ')}`,
    '',
    `Edit it, then run: lwa-emulator --config ${flags.file}`,
  ]
}
