import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runEmulatorCommand as runCli } from '../src/cli.js'
import { DEMO, demoConfig } from '../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'lwa-emulator-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function io() {
  const out: string[] = []
  const err: string[] = []
  return { out, err, io: { log: (l: string) => out.push(l), error: (l: string) => err.push(l) } }
}

describe('lwa-emulator command', () => {
  it('with no --config starts the demo configuration and prints the URL and demo credentials', async () => {
    const { out, io: sink } = io()
    const result = await runCli(['--port', '0', '--host', '127.0.0.1'], sink)
    if (typeof result === 'number') throw new Error(`exit ${result}`)
    try {
      const text = out.join('\n')
      expect(text).toContain(`listening on ${result.url}`)
      expect(text).toContain(DEMO.webClientId)
      expect(text).toContain(DEMO.users.alice.password)
      expect((await fetch(`${result.url}/`)).status).toBe(200)
    } finally {
      await result.close()
    }
  })

  it('loads --config file.json and does not print its secrets', async () => {
    const file = join(dir, 'config.json')
    writeFileSync(file, JSON.stringify(demoConfig))
    const { out, io: sink } = io()
    const result = await runCli(['--port', '0', '--config', file], sink)
    if (typeof result === 'number') throw new Error(`exit ${result}`)
    await result.close()
    expect(out.join('\n')).not.toContain(DEMO.webClientSecret)
    expect(out.join('\n')).toContain('3 security profile(s)')
  })

  it('a bad config, a bad port or an unknown flag exit non-zero with a message', async () => {
    const file = join(dir, 'bad.json')
    writeFileSync(file, '{"profiles": 1}')
    const a = io()
    expect(await runCli(['--config', file, '--port', '0'], a.io)).toBe(1)
    expect(a.err.join('')).toMatch(/profiles must be an array/)
    expect(await runCli(['--port', 'x'], io().io)).toBe(2)
    expect(await runCli(['--nope'], io().io)).toBe(2)
    const help = io()
    expect(await runCli(['--help'], help.io)).toBe(0)
    expect(help.out.join('')).toContain('Usage: lwa-emulator')
  })
})
