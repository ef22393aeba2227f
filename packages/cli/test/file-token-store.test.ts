// The token file as a store: its lock (two real `lwa token` processes refresh once), its
// compare-and-delete, and its refusal of a file others may read. Against the emulator, with its
// refresh-token rotation off and on.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkCodePair, createLwaClient, type LwaClient, type TokenSet } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FileTokenStore } from '../src/file-token-store.js'
import {
  acquireTokenFileLock,
  extendTokenFileLock,
  readTokenFile,
  releaseTokenFileLock,
  type SavedLogin,
  TokenFileModeError,
  writeTokenFile,
} from '../src/token-file.js'
import { childEnv, runLwa, startLwa, tempHome } from './helpers.js'

describe.each([
  { rotation: false, name: 'rotation off' },
  { rotation: true, name: 'rotation on' },
])('the token file with $name', ({ rotation }) => {
  let emulator: Emulator
  let client: LwaClient
  let home: { dir: string; cleanup(): void }
  let path: string

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { rotateRefreshTokens: rotation } })
    client = createLwaClient({ clientId: DEMO.deviceClientId, endpoints: emulator.endpoints })
  })
  afterAll(() => emulator.close())
  beforeEach(() => {
    home = tempHome()
    path = join(home.dir, 'tokens.json')
    emulator.clearFaults()
    emulator.clearRequests()
  })
  afterEach(() => home.cleanup())

  /** Links a device in process (the user approves at once) and saves an expired token file. */
  async function linkedFile(): Promise<SavedLogin> {
    const pair = await client.requestCodePair({ scope: 'amazon_music:access' })
    emulator.approveDevice({ userCode: pair.userCode, userId: DEMO.users.alice.userId })
    const check = await checkCodePair(client, pair)
    if (check.status !== 'linked') throw new Error('the emulator did not link the device')
    const tokens = check.tokens
    const saved: SavedLogin = {
      version: 1,
      clientId: DEMO.deviceClientId,
      region: 'NA',
      endpoints: emulator.endpoints,
      tokens: { ...tokens, expiresAt: Date.now() - 1000 },
      savedAt: new Date().toISOString(),
    }
    await writeTokenFile(path, saved)
    return saved
  }

  const refreshes = () => emulator.requests().filter((r) => r.grant_type === 'refresh_token')
  const savedTokens = (): TokenSet => JSON.parse(readFileSync(path, 'utf8')).tokens

  it('two lwa token processes at once: one refresh, the same token, the live grant saved', async () => {
    const saved = await linkedFile()
    emulator.injectFault({ endpoint: 'token', kind: 'delay', delayMs: 1500, times: 1 })
    const env = childEnv(home.dir)
    const [a, b] = await Promise.all([
      runLwa(['token', '--file', path], env),
      runLwa(['token', '--file', path], env),
    ])
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', ''])
    expect(refreshes()).toHaveLength(1)
    const after = savedTokens()
    expect(a.stdout === `${after.accessToken}\n`).toBe(true)
    expect(b.stdout === `${after.accessToken}\n`).toBe(true)
    expect(after.accessToken === saved.tokens.accessToken).toBe(false)
    expect(existsSync(`${path}.lock`)).toBe(false)
    // The saved grant is the live one: an hour later, the next refresh works.
    writeFileSync(
      path,
      JSON.stringify({
        ...JSON.parse(readFileSync(path, 'utf8')),
        tokens: { ...after, expiresAt: Date.now() - 1 },
      }),
    )
    const later = await runLwa(['token', '--file', path], env)
    expect(later.code).toBe(0)
    expect(refreshes()).toHaveLength(2)
  })

  it('compareAndDelete deletes the file only while it holds the refused refresh token', async () => {
    const saved = await linkedFile()
    const store = new FileTokenStore(path, saved)
    const other = { ...saved.tokens, refreshToken: 'Atzr|another' }
    expect(await store.compareAndDelete(FileTokenStore.KEY, other)).toBe(false)
    expect(existsSync(path)).toBe(true)
    expect(await store.compareAndDelete(FileTokenStore.KEY, saved.tokens)).toBe(true)
    expect(existsSync(path)).toBe(false)
  })

  it('the lock: one owner, extended and released by its owner only, taken over when stale', async () => {
    await linkedFile()
    const owner = await acquireTokenFileLock(path, 10_000)
    expect(owner).toEqual(expect.any(String))
    expect(await acquireTokenFileLock(path, 10_000)).toBeUndefined()
    expect(await extendTokenFileLock(path, 'not-the-owner', 10_000)).toBe(false)
    await releaseTokenFileLock(path, 'not-the-owner')
    expect(existsSync(`${path}.lock`)).toBe(true)
    expect(await extendTokenFileLock(path, owner!, 10_000)).toBe(true)
    await releaseTokenFileLock(path, owner!)
    expect(existsSync(`${path}.lock`)).toBe(false)
    const short = await acquireTokenFileLock(path, 50)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const next = await acquireTokenFileLock(path, 10_000)
    expect(next).toBeDefined()
    expect(next).not.toBe(short)
    expect(await extendTokenFileLock(path, short!, 10_000)).toBe(false)
    // A lock whose process is gone is taken over at once.
    writeFileSync(
      `${path}.lock`,
      JSON.stringify({ owner: 'dead', pid: 2 ** 22 + 12_345, expiresAt: Date.now() + 60_000 }),
    )
    expect(await acquireTokenFileLock(path, 10_000)).toBeDefined()
  })

  it('refuses a token file others can read, saying how to fix it', async () => {
    await linkedFile()
    chmodSync(path, 0o644)
    const error = await readTokenFile(path).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(TokenFileModeError)
    expect((error as Error).message).toContain(`chmod 600 ${path}`)
    expect((error as Error).message).not.toMatch(/Atz[ar]\|/)
    const result = await runLwa(['token', '--file', path], childEnv(home.dir))
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`chmod 600 ${path}`)
    expect(refreshes()).toHaveLength(0)
    chmodSync(path, 0o600)
    expect((await runLwa(['token', '--file', path], childEnv(home.dir))).code).toBe(0)
  })

  it('a SIGKILLed lwa token mid-refresh loses nothing; the next run refreshes', async () => {
    const saved = await linkedFile()
    emulator.injectFault({ endpoint: 'token', kind: 'delay', delayMs: 1500, times: 1 })
    const doomed = startLwa(['token', '--file', path], childEnv(home.dir))
    // It holds the lock once its refresh is about to leave.
    for (let i = 0; i < 500 && !existsSync(`${path}.lock`); i++)
      await new Promise((resolve) => setTimeout(resolve, 10))
    expect(existsSync(`${path}.lock`)).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 200))
    process.kill(doomed.child.pid!, 'SIGKILL')
    await doomed.done
    expect(savedTokens().refreshToken === saved.tokens.refreshToken).toBe(true)
    // The dead process's lock names a process that is gone: the next run takes over at once.
    emulator.clearFaults()
    const next = await runLwa(['token', '--file', path], childEnv(home.dir))
    expect(next.code).toBe(0)
    expect(next.stdout === `${savedTokens().accessToken}\n`).toBe(true)
  })
})
