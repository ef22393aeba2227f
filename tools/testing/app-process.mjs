// Runs a sample app as `npm start` does (its own process) for the safe-by-default tests: a clean
// environment, a free port, and what loopback address answers.
import { spawn } from 'node:child_process'
import { connect, createServer } from 'node:net'

/** Real-looking LWA credentials (the shape of Amazon's, random): no emulator URL goes with them. */
export const REAL_LOOKING = {
  LWA_CLIENT_ID: 'amzn1.application-oa2-client.5b1c0e7f3a9d4e2b8c6f1a0d9e8b7c6a',
  LWA_CLIENT_SECRET:
    'amzn1.oa2-cs.v1.4f0c2a9e8d7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a',
}

/** The process environment without any setting a sample reads (so the test decides them all). */
export function cleanEnv(extra = {}) {
  /** @type {Record<string, string>} */
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue
    if (/^(LWA_|NEXTAUTH_|BETTER_AUTH_|AUTH_)/.test(key)) continue
    if (['HOST', 'HOSTNAME', 'PORT', 'APP_URL', 'NODE_OPTIONS', 'VITEST', 'NODE_ENV'].includes(key))
      continue
    if (key.startsWith('VITEST_')) continue
    env[key] = value
  }
  return { ...env, ...extra }
}

/** A port nothing listens on (on 127.0.0.1) right now. */
export async function freePort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
  await new Promise((resolve) => server.close(() => resolve(undefined)))
  return port
}

/**
 * Starts `command args` and collects its output.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: Record<string, string> }} options
 */
export function startProcess(command, args, options) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
  const result = { child, stdout: '', stderr: '' }
  child.stdout.on('data', (d) => {
    result.stdout += d
  })
  child.stderr.on('data', (d) => {
    result.stderr += d
  })
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    ...result,
    get stdout() {
      return result.stdout
    },
    get stderr() {
      return result.stderr
    },
    exited,
    /** Resolves once the output matches `pattern`; rejects when the process ends first or after `ms`. */
    async waitFor(/** @type {RegExp} */ pattern, ms = 30_000) {
      const until = Date.now() + ms
      while (!pattern.test(result.stdout + result.stderr)) {
        if (child.exitCode !== null)
          throw new Error(`exited ${child.exitCode}:\n${result.stdout}${result.stderr}`)
        if (Date.now() > until)
          throw new Error(`no ${pattern} in ${ms} ms:\n${result.stdout}${result.stderr}`)
        await new Promise((r) => setTimeout(r, 100))
      }
    },
    /** Ends the process (by its pid) and waits for it. */
    async stop() {
      if (child.pid && child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid, 'SIGTERM')
        await exited
      }
    },
  }
}

/**
 * Whether a TCP connection to host:port is accepted: true, or the error code (ECONNREFUSED…).
 * @param {string} host
 * @param {number} port
 * @returns {Promise<true | string>}
 */
export function tryConnect(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.setTimeout(2000)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve('ETIMEDOUT')
    })
    socket.once('error', (error) =>
      resolve(/** @type {NodeJS.ErrnoException} */ (error).code ?? String(error)),
    )
  })
}
