// The ports of `npm start`: one setting each, checked before anything starts.
import { connect, createServer } from 'node:net'

/**
 * Reads a port setting: `env[name]` when set, else `fallback`.
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {number} fallback
 */
export function portSetting(env, name, fallback) {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new StartError(`${name}=${raw} is not a port (1 to 65535).`)
  return port
}

/** A problem `npm start` says in one line, without a stack. */
export class StartError extends Error {
  name = 'StartError'
}

/**
 * Whether `host:port` can be listened on now: undefined when it can, else the one line to print,
 * naming the port, what wanted it and the setting to change.
 * @param {{ port: number, host: string, title: string, setting: string }} want
 * @returns {Promise<string | undefined>}
 */
export function checkPort({ port, host, title, setting }) {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (/** @type {NodeJS.ErrnoException} */ error) => {
      if (error.code === 'EADDRINUSE')
        resolve(
          `Port ${port} (${title}) is in use: set ${setting} to a free port, or stop what uses it.`,
        )
      else if (error.code === 'EACCES')
        resolve(`Port ${port} (${title}) is not allowed here: set ${setting} to a port above 1023.`)
      else reject(error)
    })
    probe.listen(port, host, () => probe.close(() => resolve(undefined)))
  })
}

/**
 * Resolves true once `host:port` accepts a connection, false if `gaveUp()` says so first.
 * @param {string} host
 * @param {number} port
 * @param {() => boolean} gaveUp
 */
export async function waitForPort(host, port, gaveUp) {
  while (!gaveUp()) {
    const open = await new Promise((resolve) => {
      const socket = connect({ host, port })
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return true
    await new Promise((r) => setTimeout(r, 200))
  }
  return false
}
