/**
 * A token store on the token file, so core's token manager refreshes and saves `lwa` tokens.
 *
 * @module
 */
import type { TokenSet, TokenStore } from '@lwa-kit/core'
import {
  acquireTokenFileLock,
  deleteTokenFile,
  extendTokenFileLock,
  readTokenFile,
  releaseTokenFileLock,
  type SavedLogin,
  writeTokenFile,
} from './token-file.js'

/**
 * Keeps the token set of one login in its token file (one key: the file holds one login). Writes
 * keep the client id and endpoints the tokens belong to. Its lock (`<file>.lock`) makes two `lwa`
 * processes refresh once, and a refused grant is deleted only while the file still holds it.
 *
 * @example
 * ```ts
 * const store = new FileTokenStore(path, saved)
 * const tokens = createTokenManager({ client, store })
 * const accessToken = await tokens.getAccessToken(FileTokenStore.KEY)
 * ```
 */
export class FileTokenStore implements TokenStore {
  /** The one key this store answers. */
  static readonly KEY = 'default'

  constructor(
    readonly path: string,
    private saved: SavedLogin,
  ) {}

  /** The stored tokens, re-read from the file. */
  async get(key: string): Promise<TokenSet | undefined> {
    if (key !== FileTokenStore.KEY) return undefined
    const saved = await readTokenFile(this.path)
    if (saved) this.saved = saved
    return saved?.tokens
  }

  /** Saves new tokens (mode 0600). */
  async set(key: string, tokens: TokenSet): Promise<void> {
    if (key !== FileTokenStore.KEY) return
    this.saved = { ...this.saved, tokens, savedAt: new Date().toISOString() }
    await writeTokenFile(this.path, this.saved)
  }

  /** Deletes the token file (the grant was revoked). */
  async delete(key: string): Promise<void> {
    if (key !== FileTokenStore.KEY) return
    await deleteTokenFile(this.path)
  }

  /** Deletes the token file only while it still holds `expected`'s refresh token. */
  async compareAndDelete(key: string, expected: TokenSet): Promise<boolean> {
    if (key !== FileTokenStore.KEY) return false
    const saved = await readTokenFile(this.path)
    if (!saved || saved.tokens.refreshToken !== expected.refreshToken) return false
    return deleteTokenFile(this.path)
  }

  /** Takes the refresh lock of the token file. */
  acquireLock(key: string, ttlMs: number): Promise<string | undefined> {
    return acquireTokenFileLock(`${this.path}${key === FileTokenStore.KEY ? '' : `.${key}`}`, ttlMs)
  }

  /** Extends the refresh lock while `owner` holds it. */
  extendLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return extendTokenFileLock(
      `${this.path}${key === FileTokenStore.KEY ? '' : `.${key}`}`,
      owner,
      ttlMs,
    )
  }

  /** Releases the refresh lock if `owner` holds it. */
  releaseLock(key: string, owner: string): Promise<void> {
    return releaseTokenFileLock(`${this.path}${key === FileTokenStore.KEY ? '' : `.${key}`}`, owner)
  }
}
