/**
 * Loading a saved login: the token file, the client it belongs to, and a token manager that
 * refreshes through core and saves back to the file.
 *
 * @module
 */
import {
  createLwaClient,
  createTokenManager,
  type LwaClient,
  type TokenManager,
} from '@lwa-kit/core'
import { FileTokenStore } from '../file-token-store.js'
import { tokenPathFrom } from '../settings.js'
import { readTokenFile, type SavedLogin } from '../token-file.js'

/** A failure the CLI reports in one line (exit code 1). */
export class CliError extends Error {
  override name = 'CliError'
}

/** A saved login, ready to use. */
export interface Session {
  path: string
  saved: SavedLogin
  client: LwaClient
  tokens: TokenManager
}

/** Opens the saved login of `--file` (or the default file); fails when there is none. */
export async function openSession(
  file: string | undefined,
  env: Record<string, string | undefined>,
): Promise<Session> {
  const path = tokenPathFrom(file, env)
  const saved = await readTokenFile(path)
  if (!saved) throw new CliError(`Not signed in (no ${path}): run lwa login first.`)
  const client = createLwaClient({
    clientId: saved.clientId,
    region: saved.region,
    ...(saved.endpoints ? { endpoints: saved.endpoints } : {}),
  })
  const tokens = createTokenManager({ client, store: new FileTokenStore(path, saved) })
  return { path, saved, client, tokens }
}
