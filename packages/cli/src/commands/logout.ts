/**
 * `lwa logout`: delete the saved tokens.
 *
 * @module
 */
import type { Output } from '../output.js'
import { tokenPathFrom } from '../settings.js'
import { deleteTokenFile } from '../token-file.js'

/** Options of `lwa logout`. */
export interface LogoutFlags {
  file?: string
}

/** Runs `lwa logout`. */
export async function logoutCommand(
  flags: LogoutFlags,
  out: Output,
  env: Record<string, string | undefined>,
): Promise<void> {
  const path = tokenPathFrom(flags.file, env)
  if (await deleteTokenFile(path)) out.line(`Signed out: deleted ${path}.`)
  else out.line(`Not signed in (no ${path}).`)
  out.line(
    'LWA has no revocation endpoint: to cut the grant itself, remove the app from the apps list of the Amazon account.',
  )
}
