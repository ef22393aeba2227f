import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import { join } from 'node:path'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { childEnv, type Result, runLwa, startLwa, tempHome } from './helpers.js'

// An SGR escape sequence (colour, bold).
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`)

let emulator: Emulator
let home: { dir: string; cleanup(): void }
let env: NodeJS.ProcessEnv

beforeEach(async () => {
  emulator = await startEmulator({ port: 0 })
  home = tempHome()
  env = childEnv(home.dir, { LWA_EMULATOR_URL: emulator.url })
})

afterEach(async () => {
  await emulator.close()
  home.cleanup()
})

const tokenPath = () => join(home.dir, 'config', 'lwa-kit', 'tokens.json')
const readSaved = () => JSON.parse(readFileSync(tokenPath(), 'utf8'))
const CODE = /Enter (?:\S*?)([A-Z0-9]{6})\b/

/** Runs `lwa login`, reads the user code from its output and approves it as `decision`. */
async function login(
  args: string[] = [],
  decision: 'allow' | 'deny' = 'allow',
): Promise<Result & { userCode: string }> {
  const running = startLwa(['login', '--interval', '1', ...args], env)
  const [, userCode = ''] = await running.waitFor(CODE)
  await running.waitFor(/Waiting for approval/)
  emulator.approveDevice({ userCode, userId: DEMO.users.alice.userId, decision })
  return { ...(await running.done), userCode }
}

function expectNoTokens(result: Result): void {
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/Atz[ar]\|[A-Za-z0-9]/)
}

describe('lwa login (device flow against the emulator)', () => {
  it('prints the code and URL, saves the tokens at mode 0600, and lwa token prints them', async () => {
    const result = await login(['--scope', 'amazon_music:access profile'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain(`Open  ${emulator.url}/code`)
    expect(result.stdout).toContain(`Enter ${result.userCode}`)
    expect(result.stdout).toContain(`Tokens saved to ${tokenPath()}`)
    expect(result.stdout).toContain('Bearer $(lwa token)"')
    // Plain output when stdout is not a terminal: no colour, no QR code, no live countdown.
    expect(result.stdout).not.toMatch(ANSI)
    expect(result.stdout).not.toMatch(/[▀▄█]/)
    expectNoTokens(result)

    expect(statSync(tokenPath()).mode & 0o777).toBe(0o600)
    expect(statSync(join(home.dir, 'config', 'lwa-kit')).mode & 0o777).toBe(0o700)
    const saved = readSaved()
    expect(saved).toMatchObject({
      version: 1,
      clientId: DEMO.deviceClientId,
      region: 'NA',
      endpoints: { tokenEndpoint: emulator.endpoints.tokenEndpoint },
      tokens: { tokenType: 'bearer', scope: ['amazon_music:access', 'profile'] },
    })
    expect(saved.tokens.accessToken).toMatch(/^Atza\|/)
    expect(saved.tokens.refreshToken).toMatch(/^Atzr\|/)
    const polls = emulator.requests().filter((r) => r.grant_type === 'device_code')
    expect(polls.at(-1)?.status).toBe(200)

    const token = await runLwa(['token'], env)
    expect(token).toEqual({ code: 0, stdout: `${saved.tokens.accessToken}\n`, stderr: '' })
  })

  it('lwa token refreshes an expiring token through LWA and saves it (still 0600)', async () => {
    expect((await login()).code).toBe(0)
    const before = readSaved()
    writeFileSync(
      tokenPath(),
      JSON.stringify({ ...before, tokens: { ...before.tokens, expiresAt: Date.now() + 1000 } }),
      { mode: 0o600 },
    )
    const token = await runLwa(['token'], env)
    expect(token.code).toBe(0)
    const after = readSaved()
    expect(token.stdout).toBe(`${after.tokens.accessToken}\n`)
    expect(after.tokens.accessToken).not.toBe(before.tokens.accessToken)
    expect(after.tokens.refreshToken).toBe(before.tokens.refreshToken)
    expect(after.tokens.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000)
    expect(statSync(tokenPath()).mode & 0o777).toBe(0o600)
    expect(emulator.requests().filter((r) => r.grant_type === 'refresh_token')).toHaveLength(1)

    const json = await runLwa(['token', '--json'], env)
    expect(JSON.parse(json.stdout)).toMatchObject({
      accessToken: after.tokens.accessToken,
      tokenType: 'bearer',
      scope: ['amazon_music:access'],
    })
  })

  it('lwa whoami shows the profile and token info; lwa logout deletes the tokens', async () => {
    expect((await login(['--scope', 'amazon_music:access profile'])).code).toBe(0)
    const who = await runLwa(['whoami'], env)
    expect(who.code).toBe(0)
    expect(who.stdout).toContain('Alice Example <alice@example.com>')
    expect(who.stdout).toContain(DEMO.users.alice.userId)
    expect(who.stdout).toContain(`Client id: ${DEMO.deviceClientId}`)
    expect(who.stdout).toContain(`App id:    ${DEMO.profileId}`)
    expectNoTokens(who)
    const json = JSON.parse((await runLwa(['whoami', '--json'], env)).stdout)
    expect(json).toMatchObject({
      userId: DEMO.users.alice.userId,
      name: 'Alice Example',
      clientId: DEMO.deviceClientId,
    })

    const out = await runLwa(['logout'], env)
    expect(out.code).toBe(0)
    expect(out.stdout).toContain(`Signed out: deleted ${tokenPath()}`)
    const after = await runLwa(['token'], env)
    expect(after.code).toBe(1)
    expect(after.stdout).toBe('')
    expect(after.stderr.trim().split('\n')).toHaveLength(1)
    expect(after.stderr).toContain('Not signed in')
  })

  it('lwa whoami works for a music-only grant (no profile scope)', async () => {
    expect((await login()).code).toBe(0)
    const who = await runLwa(['whoami'], env)
    expect(who.code).toBe(0)
    expect(who.stdout).toContain('not available (the grant has no profile scope)')
    expect(who.stdout).toContain(DEMO.users.alice.userId)
  })

  it('--out writes the tokens where asked, and --file reads them', async () => {
    const out = join(home.dir, 'elsewhere', 'device.json')
    const result = await login(['--out', out])
    expect(result.code).toBe(0)
    // The hint names the file this login wrote.
    expect(result.stdout).toContain(`Bearer $(lwa token --file ${out})"`)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    const token = await runLwa(['token', '--file', out], env)
    expect(token.code).toBe(0)
    expect(token.stdout.trim()).toBe(JSON.parse(readFileSync(out, 'utf8')).tokens.accessToken)
  })

  it('links Amazon Music and Alexa in one consent with --scope-data', async () => {
    const device = {
      productID: 'LwaKitSpeaker',
      productInstanceAttributes: { deviceSerialNumber: 'DSN-1' },
    }
    const result = await login([
      '--scope',
      'amazon_music:access alexa:all',
      '--scope-data',
      JSON.stringify({ 'amazon_music:access': device, 'alexa:all': device }),
    ])
    expect(result.code).toBe(0)
    expect(readSaved().tokens.scope).toEqual(['amazon_music:access', 'alexa:all'])
    expect(emulator.requests().filter((r) => r.endpoint === 'codepair')).toHaveLength(1)
  })

  it('exits 1 with one line when the user declines', async () => {
    const result = await login([], 'deny')
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('lwa: The user declined to link this device.\n')
    expectNoTokens(result)
  })

  it('exits 1 when the code expires and --no-renew is set', async () => {
    const running = startLwa(['login', '--interval', '1', '--no-renew'], env)
    await running.waitFor(/Waiting for approval/)
    emulator.advanceClock(601)
    const result = await running.done
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^lwa: The code pair expired[^\n]*\n$/)
  })

  it('shows a new code when one expires (renewal is on by default)', async () => {
    const running = startLwa(['login', '--interval', '1'], env)
    const [, first] = await running.waitFor(CODE)
    await running.waitFor(/Waiting for approval/)
    emulator.advanceClock(601)
    const [, second = ''] = await running.waitFor(
      /here is a new one\.\n[\s\S]*?Enter ([A-Z0-9]{6})/,
    )
    expect(second).not.toBe(first)
    emulator.approveDevice({ userCode: second })
    const result = await running.done
    expect(result.code).toBe(0)
  })

  it('exits 1 and deletes the tokens when the grant was revoked', async () => {
    expect((await login()).code).toBe(0)
    const saved = readSaved()
    emulator.revoke({ userId: DEMO.users.alice.userId, clientId: DEMO.deviceClientId })
    writeFileSync(
      tokenPath(),
      JSON.stringify({ ...saved, tokens: { ...saved.tokens, expiresAt: Date.now() - 1 } }),
      { mode: 0o600 },
    )
    const result = await runLwa(['token'], env)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^lwa: .*run lwa login again\.\n$/)
    expect(() => statSync(tokenPath())).toThrow()
  })

  it('stops cleanly on Ctrl-C while waiting', async () => {
    const running = startLwa(['login', '--interval', '1'], env)
    await running.waitFor(/Waiting for approval/)
    running.child.kill('SIGINT')
    const result = await running.done
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('lwa: Cancelled.\n')
  })

  it('exits 1 with one line when LWA cannot be reached', async () => {
    const result = await runLwa(['login'], { ...env, LWA_EMULATOR_URL: 'http://127.0.0.1:9' })
    expect(result.code).toBe(1)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^lwa: The codepair request failed/)
  })
})

describe('usage errors exit 2', () => {
  it.each([
    [['bogus']],
    [['login', '--region', 'XX']],
    [['login', '--scope-data', 'not json']],
    [['login', '--interval', '0.5']],
    [['login', '--emulator', '--endpoint', 'http://127.0.0.1:1']],
    [['token', '--unknown']],
  ])('lwa %j', async (args) => {
    const result = await runLwa(args, env)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^lwa: /)
    expect(emulator.requests()).toHaveLength(0)
  })

  it('lwa without a command prints the usage', async () => {
    const result = await runLwa([], env)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Usage: lwa [options] [command]')
  })

  it('lwa login without any client id', async () => {
    const result = await runLwa(['login'], childEnv(home.dir))
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('needs a client id')
  })

  it('lwa --help and --version exit 0', async () => {
    const help = await runLwa(['--help'], env)
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('login')
    const version = await runLwa(['--version'], env)
    expect(version.code).toBe(0)
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })
})

describe('lwa login --emulator and lwa emulator', () => {
  it('runs the whole flow against an in-process emulator', async () => {
    const running = startLwa(['login', '--emulator', '--interval', '1'], childEnv(home.dir))
    const [, url = ''] = await running.waitFor(/emulator at (http:\/\/127\.0\.0\.1:\d+)/)
    const [, userCode = ''] = await running.waitFor(CODE)
    expect(running.stdout()).toContain(`Open  ${url}/code`)
    expect(running.stdout()).toContain(DEMO.users.alice.email)
    // Approve as the user would, through the emulator's HTTP control API.
    const approve = await fetch(`${url}/__emulator/device/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_code: userCode }),
    })
    expect(approve.status).toBe(200)
    const result = await running.done
    expect(result.code).toBe(0)
    // A demo login never replaces real tokens.
    const demoFile = join(home.dir, 'config', 'lwa-kit', 'emulator-tokens.json')
    expect(statSync(demoFile).mode & 0o777).toBe(0o600)
    expect(result.stdout).toContain(`Tokens saved to ${demoFile}`)
    // The in-process emulator is gone.
    await expect(fetch(url)).rejects.toThrow()
  })

  it('a busy --port: one line with a --port hint, exit 1 (lwa login --emulator, lwa emulator)', async () => {
    const busy = createServer()
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r))
    const { port } = busy.address() as AddressInfo
    try {
      const hint = `lwa: Port ${port} is in use: pass another --port (--port 0 picks a free one).`
      const login = await runLwa(
        ['login', '--emulator', '--port', String(port)],
        childEnv(home.dir),
      )
      expect(login.code).toBe(1)
      expect(login.stderr.trim()).toBe(hint)
      const emulatorRun = await runLwa(['emulator', '--port', String(port)], childEnv(home.dir))
      expect(emulatorRun.code).toBe(1)
      expect(emulatorRun.stderr.trim()).toBe(hint)
    } finally {
      await new Promise((r) => busy.close(r))
    }
  })

  it('lwa emulator serves LWA until SIGTERM', async () => {
    const running = startLwa(['emulator', '--port', '0'], childEnv(home.dir))
    const [, url = ''] = await running.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
    const response = await fetch(`${url}/auth/o2/create/codepair`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        response_type: 'device_code',
        client_id: DEMO.deviceClientId,
        scope: 'amazon_music:access',
      }),
    })
    expect(response.status).toBe(200)
    running.child.kill('SIGTERM')
    const result = await running.done
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Emulator stopped.')
  })
})
