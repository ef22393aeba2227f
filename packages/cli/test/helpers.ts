// Runs the built `lwa` (dist/bin.js) as a child process, with its own config folder and no
// inherited LWA_* variables.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js')

if (!existsSync(BIN))
  throw new Error(`${BIN} is missing: build the CLI first (npx nx run @lwa-kit/cli:build).`)

/** A fresh folder for one test's config and token files. */
export function tempHome(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lwa-cli-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A clean environment for the child: only PATH, a private HOME and config folder, and `extra`. */
export function childEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    ...extra,
  }
}

export interface Result {
  code: number | null
  stdout: string
  stderr: string
}

/** A running `lwa`: its output so far, a way to wait for a line, and its end. */
export interface Running {
  child: ChildProcessWithoutNullStreams
  stdout(): string
  stderr(): string
  /** Resolves with the first match of `pattern` in stdout (rejects after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  done: Promise<Result>
}

export function startLwa(args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: 'pipe' })
  let stdout = ''
  let stderr = ''
  const listeners = new Set<() => void>()
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    for (const listener of listeners) listener()
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const done = new Promise<Result>((resolveDone) => {
    child.on('close', (code) => {
      for (const listener of listeners) listener()
      resolveDone({ code, stdout, stderr })
    })
  })
  let exited = false
  done.then(() => {
    exited = true
  })
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    waitFor(pattern, timeoutMs = 10_000) {
      return new Promise((resolveWait, reject) => {
        const check = () => {
          const match = stdout.match(pattern)
          if (match) {
            finish()
            resolveWait(match)
          } else if (exited) {
            finish()
            reject(new Error(`lwa exited before printing ${pattern}:\n${stdout}\n${stderr}`))
          }
        }
        const timer = setTimeout(() => {
          finish()
          reject(new Error(`No ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`))
        }, timeoutMs)
        const finish = () => {
          clearTimeout(timer)
          listeners.delete(check)
        }
        listeners.add(check)
        check()
      })
    },
  }
}

/** Runs `lwa` to completion. */
export function runLwa(args: string[], env: NodeJS.ProcessEnv): Promise<Result> {
  return startLwa(args, env).done
}
