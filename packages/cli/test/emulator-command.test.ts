import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DEMO } from '@lwa-kit/emulator'
import { afterAll, describe, expect, it } from 'vitest'
import { childEnv, runLwa, startLwa, tempHome } from './helpers.js'

const home = tempHome()
afterAll(() => home.cleanup())

describe('lwa emulator takes the lwa-emulator flags', () => {
  it('--allow-return-url and --token-lifetime reach the running emulator', async () => {
    const returnUrl = 'http://localhost:5173/callback'
    const running = startLwa(
      ['emulator', '--port', '0', '--allow-return-url', returnUrl, '--token-lifetime', '120'],
      childEnv(home.dir),
    )
    try {
      const [, url = ''] = await running.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
      await running.waitFor(/Press Ctrl-C/)
      expect(running.stdout()).toContain(`      ${returnUrl}`)
      const page = await fetch(
        `${url}/ap/oa?${new URLSearchParams({
          client_id: DEMO.webClientId,
          scope: 'profile',
          response_type: 'code',
          redirect_uri: returnUrl,
        })}`,
      )
      expect(page.status).toBe(200)
      const pair = await fetch(`${url}/auth/o2/create/codepair`, {
        method: 'POST',
        body: new URLSearchParams({
          response_type: 'device_code',
          client_id: DEMO.deviceClientId,
          scope: 'profile',
        }),
      })
      const { user_code } = (await pair.json()) as { user_code: string }
      const approve = await fetch(`${url}/__emulator/device/approve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user_code }),
      })
      expect(approve.status).toBe(200)
    } finally {
      running.child.kill('SIGTERM')
    }
    const result = await running.done
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Emulator stopped.')
  })

  it('lwa emulator --help shows the emulator flags under the lwa name', async () => {
    const help = await runLwa(['emulator', '--help'], childEnv(home.dir))
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: lwa emulator [options]')
    expect(help.stdout).toContain('--allow-return-url <url>')
    expect(help.stdout).toContain('lwa-emulator.json')
  })

  it('lwa emulator init writes a starter config; bad flags exit 2', async () => {
    const file = join(home.dir, 'lwa-emulator.json')
    const init = await runLwa(['emulator', 'init', '--file', file], childEnv(home.dir))
    expect(init.code).toBe(0)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const config = JSON.parse(readFileSync(file, 'utf8'))
    expect(init.stdout).toContain(config.profiles[0].clients[0].clientId)
    expect(init.stdout).not.toContain(config.profiles[0].clients[0].clientSecret)
    expect(init.stdout).toContain(`lwa emulator --config ${file}`)
    const bad = await runLwa(['emulator', '--port', 'x'], childEnv(home.dir))
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--port must be a whole number')
    const unknown = await runLwa(['emulator', '--nope'], childEnv(home.dir))
    expect(unknown.code).toBe(2)
  })
})
