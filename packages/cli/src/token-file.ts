/**
 * The token file: the tokens of one device login, with the client id and endpoints they belong
 * to, kept readable only by the user (mode 0600, folder 0700) and replaced atomically. A file
 * that others may read is refused, not used. A lock file beside it (`<file>.lock`) lets one `lwa`
 * process refresh at a time.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { chmod, link, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises'
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
 * A token file that other users may read or write (its mode is looser than 0600) was refused:
 * it holds a refresh token, which is valid until the user revokes it. The message says how to fix
 * it (`chmod 600 <file>`).
 *
 * @example
 * ```ts
 * try { await readTokenFile(path) } catch (err) { if (err instanceof TokenFileModeError) console.error(err.message) }
 * ```
 */
export class TokenFileModeError extends Error {
  /** A stable code. */
  readonly code = 'LWA_TOKEN_FILE_MODE'
  constructor(
    /** The token file. */
    readonly path: string,
    /** Its permission bits, e.g. `0o644`. */
    readonly mode: number,
  ) {
    super(
      `The token file ${path} can be read or changed by other users (mode ${mode.toString(8).padStart(4, '0')}); it holds your refresh token. Run chmod 600 ${path} (or lwa logout and lwa login) and try again.`,
    )
    this.name = 'TokenFileModeError'
  }
}

/** Mode bits are not enforced on Windows; everywhere else, group and other get nothing. */
const checksMode = process.platform !== 'win32'

/**
 * Reads a token file; `undefined` when it does not exist. Throws when it is not a token file, and
 * an error named `TokenFileModeError` when its mode is looser than 0600.
 *
 * @example
 * ```ts
 * const saved = await readTokenFile('/home/me/.config/lwa-kit/tokens.json')
 * ```
 */
export async function readTokenFile(path: string): Promise<SavedLogin | undefined> {
  let text: string
  try {
    // One open file for the mode check and the read, so the two see the same file.
    const handle = await open(path, 'r')
    try {
      const mode = (await handle.stat()).mode & 0o777
      if (checksMode && (mode & 0o077) !== 0) throw new TokenFileModeError(path, mode)
      text = await handle.readFile('utf8')
    } finally {
      await handle.close()
    }
  } catch (err) {
    if (err instanceof TokenFileModeError) throw err
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

/** What a lock file holds. */
interface LockBody {
  owner: string
  pid: number
  expiresAt: number
}

async function readLock(file: string): Promise<LockBody | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<LockBody>
    if (typeof value.owner === 'string' && typeof value.expiresAt === 'number')
      return { owner: value.owner, pid: Number(value.pid) || 0, expiresAt: value.expiresAt }
  } catch {
    // Missing or unreadable: no lock to honour.
  }
  return undefined
}

function alive(pid: number): boolean {
  if (!(pid > 0)) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function writeLockFile(file: string, body: LockBody): Promise<string> {
  const temp = `${file}.${body.owner}.tmp`
  await writeFile(temp, JSON.stringify(body), { mode: 0o600, flag: 'wx' })
  return temp
}

/**
 * Takes the refresh lock of a token file (`<file>.lock`) for `ttlMs`: created complete and
 * atomically (a hard link of a written file), taken over when it expired or its process is gone.
 * Resolves with an owner token, or `undefined` while another process holds it.
 *
 * @example
 * ```ts
 * const owner = await acquireTokenFileLock(path, 30_000)
 * if (owner) try { ... } finally { await releaseTokenFileLock(path, owner) }
 * ```
 */
export async function acquireTokenFileLock(
  path: string,
  ttlMs: number,
): Promise<string | undefined> {
  const lock = `${path}.lock`
  const owner = randomBytes(12).toString('base64url')
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const temp = await writeLockFile(lock, { owner, pid: process.pid, expiresAt: Date.now() + ttlMs })
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(temp, lock)
        return owner
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      }
      const held = await readLock(lock)
      if (held && held.expiresAt > Date.now() && alive(held.pid)) return undefined
      // Expired, or its process is gone: move it aside (one taker wins the rename) and retry.
      const aside = `${lock}.${owner}.stale`
      try {
        await rename(lock, aside)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue
        throw err
      }
      const moved = await readLock(aside)
      if (held && moved && moved.owner !== held.owner) {
        // Another process took the lock just before the rename: give it back.
        await link(aside, lock).catch(() => {})
        await rm(aside, { force: true })
        return undefined
      }
      await rm(aside, { force: true })
    }
    return undefined
  } finally {
    await rm(temp, { force: true })
  }
}

/**
 * Gives the lock of a token file another `ttlMs` while `owner` holds it.
 *
 * @example
 * ```ts
 * await extendTokenFileLock(path, owner, 30_000) // false once another process took it
 * ```
 */
export async function extendTokenFileLock(
  path: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  const lock = `${path}.lock`
  const held = await readLock(lock)
  if (!held || held.owner !== owner) return false
  const temp = await writeLockFile(`${lock}.${randomBytes(6).toString('hex')}`, {
    ...held,
    expiresAt: Date.now() + ttlMs,
  })
  try {
    await rename(temp, lock)
  } catch (err) {
    await rm(temp, { force: true })
    throw err
  }
  return true
}

/**
 * Releases the lock of a token file if `owner` still holds it.
 *
 * @example
 * ```ts
 * await releaseTokenFileLock(path, owner)
 * ```
 */
export async function releaseTokenFileLock(path: string, owner: string): Promise<void> {
  const lock = `${path}.lock`
  if ((await readLock(lock))?.owner === owner) await rm(lock, { force: true })
}
