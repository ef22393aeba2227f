// `npm start` (start.mjs, then `next start` of the build) in its own process: safe by default
// (loopback only, no built-in NEXTAUTH_SECRET off the emulator, a busy port in one line).
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  cleanEnv,
  freePort,
  REAL_LOOKING,
  startProcess,
  tryConnect,
} from '../../../tools/testing/app-process.mjs'

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const start = (env: Record<string, string>) =>
  startProcess(process.execPath, ['start.mjs'], { cwd: appDir, env: cleanEnv(env) })

describe('npm start of the Next.js demo', () => {
  it('refuses real LWA credentials without NEXTAUTH_SECRET: one line, exit 1', async () => {
    const app = start({ ...REAL_LOOKING, PORT: String(await freePort()) })
    expect(await app.exited).toBe(1)
    expect(app.stdout).toBe('')
    const lines = app.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Next\.js demo: Set NEXTAUTH_SECRET \(/)
    expect(app.stderr).not.toContain(REAL_LOOKING.LWA_CLIENT_SECRET)
  })

  it('names the port and PORT when the port is busy, without a stack', async () => {
    const port = await freePort()
    const busy = createServer()
    await new Promise<void>((r) => busy.listen(port, '127.0.0.1', r))
    try {
      const app = start({ PORT: String(port) })
      expect(await app.exited).toBe(1)
      expect(app.stderr.trim()).toBe(
        `Next.js demo: port ${port} is in use; set PORT to another one.`,
      )
    } finally {
      await new Promise((r) => busy.close(r))
    }
  })

  it('listens on 127.0.0.1 only by default (the build, with a secret of your own)', async () => {
    if (!existsSync(join(appDir, '.next', 'BUILD_ID')))
      throw new Error('Build the app first: npx nx run @lwa-kit/next-demo:build')
    const port = await freePort()
    const app = start({ ...REAL_LOOKING, PORT: String(port), NEXTAUTH_SECRET: 'x'.repeat(40) })
    try {
      await app.waitFor(/Ready in|started server/i, 60_000)
      expect(await tryConnect('127.0.0.1', port)).toBe(true)
      // Another loopback address reaches a server on every interface, not one on 127.0.0.1.
      expect(await tryConnect('127.0.0.2', port)).toBe('ECONNREFUSED')
    } finally {
      await app.stop()
    }
    expect(app.child.exitCode ?? app.child.signalCode).not.toBeNull()
  })
})
