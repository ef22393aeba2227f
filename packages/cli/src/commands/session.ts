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

/**
 * The one line for a port the emulator could not listen on (busy, or not allowed), with the
 * `--port` to change; undefined for any other failure.
 */
export function portProblem(err: unknown, port: number | string | undefined): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const which = port === undefined || String(port) === '' ? 'The port' : `Port ${port}`
  if (code === 'EADDRINUSE')
    return `${which} is in use: pass another --port (--port 0 picks a free one).`
  if (code === 'EACCES')
    return `${which} is not allowed here: pass a --port above 1023 (--port 0 picks a free one).`
  return undefined
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
