// Child processes of the release check: every one is tracked by PID and ended on cleanup.
import { spawn } from 'node:child_process'

const live = new Map()

/** Environment for children: the caller's, minus npm's per-script `npm_*` variables. */
export function cleanEnv(extra = {}) {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key)) continue
    env[key] = value
  }
  return { ...env, ...extra }
}

/**
 * Runs a command to completion and captures its output.
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string, ms: number }>}
 */
export function run(command, args, { cwd, env, timeoutMs = 120_000, input } = {}) {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: env ?? cleanEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    live.set(child.pid, child)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    const timer = setTimeout(() => {
      stderr += `\n[release-check] timed out after ${timeoutMs} ms; ending PID ${child.pid}\n`
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      live.delete(child.pid)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      live.delete(child.pid)
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started })
    })
    child.stdin.end(input ?? '')
  })
}

/** Starts a long-running process (the registry); it stays tracked until `stopAll`. */
export function start(command, args, { cwd, env } = {}) {
  const child = spawn(command, args, {
    cwd,
    env: env ?? cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  live.set(child.pid, child)
  let output = ''
  const keep = (d) => {
    output = (output + d).slice(-20_000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  child.on('close', () => live.delete(child.pid))
  return { child, output: () => output }
}

/** Ends one tracked process by PID: SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const closed = new Promise((resolve) => child.once('close', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await closed
  clearTimeout(timer)
}

/** Ends every process still tracked. */
export async function stopAll() {
  await Promise.all([...live.values()].map((child) => stop(child)))
}

/** PIDs still running (for the final assertion that nothing is left behind). */
export function livePids() {
  return [...live.keys()]
}
