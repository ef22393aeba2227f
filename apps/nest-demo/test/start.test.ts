// `npm start` of the demo (the build, dist/main.js) in its own process: safe by default (loopback only, no
// emulator).
import { dirname, resolve } from 'node:path'
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
  startProcess(process.execPath, ['dist/main.js'], { cwd: appDir, env: cleanEnv(env) })

describe('npm start of the NestJS demo', () => {
  it('refuses real LWA credentials without LWA_STATE_SECRET: one line, exit 1', async () => {
    const app = start({ ...REAL_LOOKING, PORT: String(await freePort()) })
    expect(await app.exited).toBe(1)
    expect(app.stdout).toBe('')
    const lines = app.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^NestJS demo: Set LWA_STATE_SECRET \(/)
    expect(app.stderr).not.toContain(REAL_LOOKING.LWA_CLIENT_SECRET)
  })

  it('starts with real LWA credentials and a state secret of your own', async () => {
    const port = await freePort()
    const app = start({ ...REAL_LOOKING, PORT: String(port), LWA_STATE_SECRET: 'x'.repeat(40) })
    try {
      await app.waitFor(/NestJS demo on /)
      expect(await tryConnect('127.0.0.1', port)).toBe(true)
    } finally {
      await app.stop()
    }
  })

  it('listens on 127.0.0.1 only by default, on every interface with HOST=0.0.0.0', async () => {
    const port = await freePort()
    const app = start({ PORT: String(port), LWA_EMULATOR_URL: 'http://127.0.0.1:9' })
    try {
      await app.waitFor(/NestJS demo on http:\/\/localhost:/)
      expect(await tryConnect('127.0.0.1', port)).toBe(true)
      // Another loopback address reaches a server on 0.0.0.0, not one on 127.0.0.1.
      expect(await tryConnect('127.0.0.2', port)).toBe('ECONNREFUSED')
    } finally {
      await app.stop()
    }
    const open = start({ PORT: String(port), HOST: '0.0.0.0' })
    try {
      await open.waitFor(/NestJS demo on /)
      expect(await tryConnect('127.0.0.2', port)).toBe(true)
    } finally {
      await open.stop()
    }
  })

  it('names the port and PORT when the port is busy, without a stack', async () => {
    const port = await freePort()
    const first = start({ PORT: String(port) })
    try {
      await first.waitFor(/NestJS demo on /)
      const second = start({ PORT: String(port) })
      expect(await second.exited).toBe(1)
      expect(second.stderr.trim()).toBe(
        `NestJS demo: port ${port} is in use; set PORT to another one.`,
      )
    } finally {
      await first.stop()
    }
  })
})
