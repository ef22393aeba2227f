import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runEmulatorCommand } from '../src/cli.js'
import { DEMO, type Emulator, parseConfig } from '../src/index.js'
import { CALLBACK, post } from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'lwa-emulator-flags-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function sink() {
  const out: string[] = []
  const err: string[] = []
  return { out, err, io: { log: (l: string) => out.push(l), error: (l: string) => err.push(l) } }
}

async function run(args: string[]): Promise<{ emulator: Emulator; out: string }> {
  const s = sink()
  const result = await runEmulatorCommand(['--port', '0', ...args], s.io)
  if (typeof result === 'number') throw new Error(`exit ${result}: ${s.err.join('\n')}`)
  return { emulator: result, out: s.out.join('\n') }
}

function authorizeUrl(emulator: Emulator, redirectUri: string, scope = 'profile', region = 'NA') {
  const base = emulator.endpointsFor(region as 'NA').authorizationEndpoint
  return `${base}?${new URLSearchParams({
    client_id: DEMO.webClientId,
    scope,
    response_type: 'code',
    redirect_uri: redirectUri,
  })}`
}

describe('lwa-emulator flags', () => {
  it('--allow-return-url (repeatable) allows each URL, and the banner lists them', async () => {
    const a = 'http://localhost:5173/callback'
    const b = 'http://127.0.0.1:8080/auth/callback?x=1'
    const { emulator, out } = await run(['--allow-return-url', a, '--allow-return-url', b])
    try {
      for (const url of [a, b]) {
        expect(out).toContain(`      ${url}`)
        expect((await fetch(authorizeUrl(emulator, url))).status).toBe(200)
      }
      expect((await fetch(authorizeUrl(emulator, 'http://localhost:5174/callback'))).status).toBe(
        400,
      )
      expect(out).toContain(`control API    ${emulator.url}/__emulator/`)
      expect(out).toContain(DEMO.users.alice.email)
      expect(out).toContain(DEMO.webClientId)
    } finally {
      await emulator.close()
    }
  })

  it('--region moves the profile, --no-music drops the Music scopes', async () => {
    const { emulator, out } = await run(['--region', 'eu', '--no-music'])
    try {
      expect(out).toContain(`authorization  ${emulator.url}/eu/ap/oa`)
      expect((await fetch(authorizeUrl(emulator, CALLBACK, 'profile', 'EU'))).status).toBe(200)
      expect((await fetch(authorizeUrl(emulator, CALLBACK, 'profile', 'NA'))).status).toBe(400)
      const music = await fetch(authorizeUrl(emulator, CALLBACK, 'music::library:read', 'EU'))
      expect(music.status).toBe(400)
      expect(await music.text()).toContain('An unknown scope was requested')
    } finally {
      await emulator.close()
    }
  })

  it('--token-lifetime, --rotate-refresh-tokens and --slow-down reach the token endpoint', async () => {
    const { emulator } = await run([
      '--token-lifetime',
      '60',
      '--rotate-refresh-tokens',
      '--slow-down',
    ])
    try {
      const code = new URL(
        emulator.authorize({
          client_id: DEMO.webClientId,
          response_type: 'code',
          scope: 'profile',
          redirect_uri: CALLBACK,
        }).location,
      ).searchParams.get('code')!
      const tokens = await post(emulator.endpoints.tokenEndpoint, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: CALLBACK,
        client_id: DEMO.webClientId,
        client_secret: DEMO.webClientSecret,
      })
      expect(tokens.body.expires_in).toBe(60)
      const refreshed = await post(emulator.endpoints.tokenEndpoint, {
        grant_type: 'refresh_token',
        refresh_token: tokens.body.refresh_token!,
        client_id: DEMO.webClientId,
        client_secret: DEMO.webClientSecret,
      })
      expect(refreshed.status).toBe(200)
      expect(refreshed.body.refresh_token).not.toBe(tokens.body.refresh_token)
      const pair = await post(emulator.endpoints.codePairEndpoint, {
        response_type: 'device_code',
        client_id: DEMO.deviceClientId,
        scope: 'profile',
      })
      const poll = () =>
        post(emulator.endpoints.tokenEndpoint, {
          grant_type: 'device_code',
          device_code: pair.body.device_code as string,
          user_code: pair.body.user_code as string,
        })
      expect((await poll()).body.error).toBe('authorization_pending')
      expect((await poll()).body.error).toBe('slow_down')
    } finally {
      await emulator.close()
    }
  })

  it('refuses bad flags with exit code 2 and a message', async () => {
    for (const args of [
      ['--allow-return-url', 'http://example.com/cb'],
      ['--allow-return-url', 'not a url'],
      ['--music', '--no-music'],
      ['--region', 'US'],
      ['--token-lifetime', '0'],
      ['--profile', 'amzn1.application.nope'],
      ['serve'],
    ]) {
      const s = sink()
      expect(await runEmulatorCommand(['--port', '0', ...args], s.io)).toBe(2)
      expect(s.err.join('\n')).toContain('Usage: lwa-emulator')
    }
  })
})

describe('lwa-emulator init', () => {
  it('writes a starter config (0600, no secret printed) that --config then serves', async () => {
    const file = join(dir, 'starter.json')
    const s = sink()
    const url = 'http://localhost:4321/cb'
    expect(
      await runEmulatorCommand(['init', '--file', file, '--allow-return-url', url], s.io),
    ).toBe(0)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const config = parseConfig(JSON.parse(readFileSync(file, 'utf8')))
    const profile = config.profiles[0]!
    const web = profile.clients.find((c) => c.type === 'web')!
    const user = config.users[0]!
    expect(profile.allowedReturnUrls).toEqual([url])
    expect(profile.musicEnabled).toBe(true)
    const printed = s.out.join('\n')
    expect(printed).toContain(web.clientId)
    expect(printed).not.toContain(web.clientSecret!)
    expect(printed).not.toContain(user.password)

    const again = sink()
    expect(await runEmulatorCommand(['init', '--file', file], again.io)).toBe(1)
    expect(again.err.join('')).toMatch(/--force/)
    expect(await runEmulatorCommand(['init', '--file', file, '--force'], sink().io)).toBe(0)
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles[0].id).not.toBe(profile.id)

    const config2 = JSON.parse(readFileSync(file, 'utf8'))
    const { emulator, out } = await run(['--config', file])
    try {
      expect(out).toContain('1 security profile(s), 1 user(s)')
      expect(out).not.toContain(config2.profiles[0].clients[0].clientSecret)
      expect(out).not.toContain(config2.users[0].password)
      const res = await fetch(
        `${emulator.endpoints.authorizationEndpoint}?${new URLSearchParams({
          client_id: config2.profiles[0].clients[0].clientId,
          scope: 'profile',
          response_type: 'code',
          redirect_uri: 'http://localhost:3000/auth/amazon/callback',
        })}`,
      )
      expect(res.status).toBe(200)
    } finally {
      await emulator.close()
    }
  })

  it('a bad --config file exits 1 naming the field', async () => {
    const file = join(dir, 'bad.json')
    writeFileSync(file, '{"profiles": [], "users": {}}')
    const s = sink()
    expect(await runEmulatorCommand(['--config', file, '--port', '0'], s.io)).toBe(1)
    expect(s.err.join('')).toMatch(/users must be an array/)
  })
})

describe('the refused redirect_uri page', () => {
  it('names the allowed URLs and the three ways to add one', async () => {
    const { emulator } = await run([])
    try {
      const refused = 'http://localhost:5173/callback'
      const res = await fetch(authorizeUrl(emulator, refused))
      expect(res.status).toBe(400)
      const html = await res.text()
      expect(html).toContain('has not been whitelisted for your application')
      for (const url of Object.values(DEMO.returnUrls)) expect(html).toContain(url)
      expect(html).toContain(`lwa-emulator --allow-return-url ${refused}`)
      expect(html).toContain('allowedReturnUrls')
      expect(html).toContain('emulator.allowReturnUrl(url)')
      expect(html).toContain('POST /__emulator/return-urls')
      // The hint is right: the control API adds it, and the same URL is then served.
      const add = await fetch(`${emulator.url}/__emulator/return-urls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: refused }),
      })
      expect(add.status).toBe(200)
      expect((await fetch(authorizeUrl(emulator, refused))).status).toBe(200)
    } finally {
      await emulator.close()
    }
  })
})
