// The samples' `npm start` contract: one list of cases, run against each sample's real start
// command in its own process. Safe by default: with real LWA credentials and no secret of the
// user's own it refuses in one line naming the variable; it listens on 127.0.0.1 unless HOST says
// otherwise; a busy port is one line naming PORT, no stack.
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { cleanEnv, freePort, REAL_LOOKING, startProcess, tryConnect } from './app-process.mjs'

/**
 * @param {{ name: string, cwd: string, args: string[], secretVar: string, ready: RegExp,
 *   readyMs?: number, before?: () => void }} options
 */
export function runStartContract({ name, cwd, args, secretVar, ready, readyMs, before }) {
  const start = (env) => startProcess(process.execPath, args, { cwd, env: cleanEnv(env) })
  const own = () => ({ ...REAL_LOOKING, [secretVar]: 'x'.repeat(40) })

  describe(`npm start of the ${name}`, () => {
    it(`refuses real LWA credentials without ${secretVar}: one line, exit 1`, async () => {
      const app = start({ ...REAL_LOOKING, PORT: String(await freePort()) })
      expect(await app.exited).toBe(1)
      expect(app.stdout).toBe('')
      const lines = app.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]?.startsWith(`${name}: Set ${secretVar} (`)).toBe(true)
      expect(app.stderr).not.toContain(REAL_LOOKING.LWA_CLIENT_SECRET)
    })

    it(`names the port and PORT when the port is busy, without a stack`, async () => {
      const port = await freePort()
      const busy = createServer()
      await new Promise((resolve) => busy.listen(port, '127.0.0.1', resolve))
      try {
        const app = start({ ...own(), PORT: String(port) })
        expect(await app.exited).toBe(1)
        expect(app.stderr.trim()).toBe(`${name}: port ${port} is in use; set PORT to another one.`)
      } finally {
        await new Promise((resolve) => busy.close(resolve))
      }
    })

    it(`starts with a ${secretVar} of your own, on 127.0.0.1 only; with HOST=0.0.0.0 on every interface`, async () => {
      before?.()
      const port = await freePort()
      const app = start({ ...own(), PORT: String(port) })
      try {
        await app.waitFor(ready, readyMs)
        expect(await tryConnect('127.0.0.1', port)).toBe(true)
        // Another loopback address reaches a server on every interface, not one on 127.0.0.1.
        expect(await tryConnect('127.0.0.2', port)).toBe('ECONNREFUSED')
      } finally {
        await app.stop()
      }
      const open = start({ ...own(), PORT: String(port), HOST: '0.0.0.0' })
      try {
        await open.waitFor(ready, readyMs)
        expect(await tryConnect('127.0.0.2', port)).toBe(true)
      } finally {
        await open.stop()
      }
    }, 150_000)
  })
}
