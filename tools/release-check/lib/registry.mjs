// A throwaway verdaccio 6.8.0 on 127.0.0.1: its own config and storage in a temporary folder, no
// uplinks (it can never proxy anywhere), anonymous publish accepted with any dummy token.
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { start, stop } from './run.mjs'

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

const CONFIG = `storage: ./storage
auth:
  htpasswd:
    file: ./htpasswd
    max_users: -1
uplinks: {}
packages:
  '**':
    access: $all
    publish: $all
    unpublish: $all
web:
  enable: false
max_body_size: 50mb
log: { type: stdout, format: pretty, level: warn }
`

async function waitForPing(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false
    try {
      const res = await fetch(`${url}-/ping`)
      if (res.ok) return true
    } catch {}
    await new Promise((r) => setTimeout(r, 150))
  }
  return false
}

/**
 * Starts verdaccio from the repo's node_modules/.bin (never through npx, whose shell wrapper would
 * orphan the server when killed).
 * @returns {Promise<{ url: string, port: number, pid: number, close(): Promise<void> }>}
 */
export async function startRegistry({ repoRoot, dir }) {
  mkdirSync(join(dir, 'storage'), { recursive: true })
  const config = join(dir, 'config.yaml')
  writeFileSync(config, CONFIG)
  const bin = join(repoRoot, 'node_modules', '.bin', 'verdaccio')
  let lastOutput = ''
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}/`
    const proc = start(bin, ['--config', config, '--listen', `127.0.0.1:${port}`], { cwd: dir })
    if (await waitForPing(url, proc.child, 20_000)) {
      return { url, port, pid: proc.child.pid, close: () => stop(proc.child) }
    }
    lastOutput = proc.output()
    await stop(proc.child)
  }
  throw new Error(`verdaccio did not start:\n${lastOutput}`)
}
