// The built app (`next build`, run by nx before the tests) under `next start` on 127.0.0.1 and a
// free port, against an emulator; `close()` ends the process it started.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Emulator } from '@lwa-kit/emulator'

export const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const nextBin = resolve(appDir, '../../node_modules/next/dist/bin/next')

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  await new Promise<void>((r) => server.close(() => r()))
  return port
}

export async function startNextApp(
  emulator: Emulator,
): Promise<{ url: string; output: () => string; close: () => Promise<void> }> {
  if (!existsSync(join(appDir, '.next', 'BUILD_ID')))
    throw new Error('Build the app first: npx nx run @lwa-kit/next-demo:build')
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  emulator.allowReturnUrl(`${url}/api/auth/callback/amazon`)
  let output = ''
  const child: ChildProcess = spawn(
    process.execPath,
    [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: appDir,
      env: {
        ...process.env,
        PORT: String(port),
        NEXTAUTH_URL: url,
        LWA_EMULATOR_URL: emulator.url,
        NEXT_TELEMETRY_DISABLED: '1',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  child.stdout?.on('data', (d) => {
    output += d
  })
  child.stderr?.on('data', (d) => {
    output += d
  })
  const close = async () => {
    if (child.pid && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      process.kill(child.pid, 'SIGTERM')
      await exited
    }
  }
  const until = Date.now() + 30_000
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output}`)
    try {
      if ((await fetch(url, { redirect: 'manual' })).status < 500)
        return { url, output: () => output, close }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  await close()
  throw new Error(`next start did not answer within 30 s:\n${output}`)
}
