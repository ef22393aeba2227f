import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Child processes for the tests that run the built commands and README code. */

export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const REPO_DIR = resolve(PACKAGE_DIR, '../..')

export interface Child {
  child: ChildProcess
  output(): string
  /** The first match of `pattern` in stdout+stderr; rejects when the child exits or after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>
  /** Resolves with the exit code; kills the child (by PID) first when `kill` is set. */
  stop(kill?: boolean): Promise<number | null>
}

export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Child {
  const child = spawn(command, args, {
    cwd: options.cwd ?? PACKAGE_DIR,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const listeners = new Set<() => void>()
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8')
    for (const listener of listeners) listener()
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  const exited = new Promise<number | null>((resolveExit) => {
    child.on('close', (code) => {
      for (const listener of listeners) listener()
      resolveExit(code)
    })
  })
  return {
    child,
    output: () => out,
    waitFor(pattern, ms = 20_000) {
      return new Promise((resolveWait, reject) => {
        const timer = setTimeout(
          () => done(new Error(`No ${pattern} within ${ms} ms:\n${out}`)),
          ms,
        )
        const check = () => {
          const match = out.match(pattern)
          if (match) done(undefined, match)
          else if (child.exitCode !== null || child.signalCode !== null)
            done(new Error(`Exited before ${pattern}:\n${out}`))
        }
        const done = (error?: Error, match?: RegExpMatchArray) => {
          clearTimeout(timer)
          listeners.delete(check)
          if (error) reject(error)
          else resolveWait(match!)
        }
        listeners.add(check)
        check()
      })
    },
    async stop(kill = false) {
      if (kill && child.exitCode === null && child.pid !== undefined)
        process.kill(child.pid, 'SIGTERM')
      return exited
    },
  }
}

/** A free port on 127.0.0.1 (for a process that must know its port before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolvePort(port))
    })
  })
}

/**
 * Waits (bounded) until the build output these tests run exists: in a shared working tree
 * another build may be rewriting dist/ at this moment.
 */
export async function waitForBuild(files: string[], ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!files.every((file) => existsSync(file))) {
    if (Date.now() > deadline) throw new Error(`Not built: ${files.join(', ')}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** The build output of the emulator and the CLI that the command tests run. */
export const BUILT = [
  resolve(PACKAGE_DIR, 'dist/bin.js'),
  resolve(PACKAGE_DIR, 'dist/index.js'),
  resolve(PACKAGE_DIR, 'dist/testing.js'),
  resolve(PACKAGE_DIR, 'dist/endpoints.js'),
  resolve(REPO_DIR, 'packages/cli/dist/bin.js'),
]
