/**
 * The token file: the tokens of one device login, with the client id and endpoints they belong
 * to, kept readable only by the user (mode 0600, folder 0700) and replaced atomically.
 *
 * @module
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import type { LwaEndpoints, Region, TokenSet } from '@lwa-kit/core'

/**
 * What `lwa login` saves.
 *
 * @example
 * ```ts
 * const saved = await readTokenFile(defaultTokenPath())
 * console.log(saved?.clientId, saved?.tokens.expiresAt)
 * ```
 */
export interface SavedLogin {
  /** The format version. */
  version: 1
  /** The LWA client id the tokens were issued to. */
  clientId: string
  /** The region whose endpoints were used. */
  region: Region
  /** The endpoints used, when they were not the region's (an emulator). */
  endpoints?: Partial<LwaEndpoints>
  /** The tokens. */
  tokens: TokenSet
  /** When the tokens were last written, ISO time. */
  savedAt: string
}

/**
 * Where `lwa` keeps tokens by default: `$XDG_CONFIG_HOME/lwa-kit/tokens.json`, or
 * `~/.config/lwa-kit/tokens.json`.
 *
 * @example
 * ```ts
 * defaultTokenPath({ XDG_CONFIG_HOME: '/tmp/cfg' }) // '/tmp/cfg/lwa-kit/tokens.json'
 * ```
 */
export function defaultTokenPath(env: Record<string, string | undefined> = process.env): string {
  const base = env.XDG_CONFIG_HOME?.trim() ? env.XDG_CONFIG_HOME : join(homedir(), '.config')
  return join(base, 'lwa-kit', 'tokens.json')
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Reads a token file; `undefined` when it does not exist. Throws when it is not a token file.
 *
 * @example
 * ```ts
 * const saved = await readTokenFile('/home/me/.config/lwa-kit/tokens.json')
 * ```
 */
export async function readTokenFile(path: string): Promise<SavedLogin | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new Error(`Cannot read the token file ${path}: ${(err as Error).message}`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new Error(`The token file ${path} is not valid JSON; run lwa logout and lwa login.`)
  }
  const tokens = isRecord(value) ? value.tokens : undefined
  if (
    !isRecord(value) ||
    value.version !== 1 ||
    typeof value.clientId !== 'string' ||
    !isRecord(tokens) ||
    typeof tokens.accessToken !== 'string' ||
    typeof tokens.expiresAt !== 'number'
  )
    throw new Error(
      `The token file ${path} is not an lwa token file; run lwa logout and lwa login.`,
    )
  return value as unknown as SavedLogin
}

/**
 * Writes a token file with mode 0600 (its folder 0700), through a temporary file and a rename,
 * so a reader never sees half a file.
 *
 * @example
 * ```ts
 * await writeTokenFile(path, { version: 1, clientId, region: 'NA', tokens, savedAt: new Date().toISOString() })
 * ```
 */
export async function writeTokenFile(path: string, saved: SavedLogin): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`
  try {
    await writeFile(temp, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
    await chmod(temp, 0o600)
    await rename(temp, path)
  } catch (err) {
    await rm(temp, { force: true })
    throw err
  }
}

/**
 * Deletes a token file; returns whether there was one.
 *
 * @example
 * ```ts
 * if (await deleteTokenFile(path)) console.log('Signed out.')
 * ```
 */
export async function deleteTokenFile(path: string): Promise<boolean> {
  try {
    await rm(path)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw err
  }
}
