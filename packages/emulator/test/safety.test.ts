import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runEmulatorCommand } from '../src/cli.js'
import { DEMO, type Emulator, startEmulator } from '../src/index.js'
import { hostAllowed, hostPolicy, isLoopbackHost } from '../src/safety.js'

/** A request with any headers, Host included (fetch cannot set Host). */
function raw(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

const json = { 'content-type': 'application/json' }
let emulator: Emulator
let port: string
beforeAll(async () => {
  emulator = await startEmulator({ options: { allowedHosts: ['lwa.test'] } })
  port = new URL(emulator.url).port
})
afterAll(() => emulator.close())

const authorizePath = `/ap/oa?${new URLSearchParams({
  client_id: DEMO.webClientId,
  scope: 'profile',
  response_type: 'code',
  redirect_uri: DEMO.returnUrls.expressDemo,
})}`

describe('Host header check (DNS rebinding)', () => {
  it('refuses a Host the emulator is not bound to, on every path', async () => {
    for (const path of [authorizePath, '/', '/__emulator/requests', '/auth/o2/tokeninfo']) {
      const res = await raw(`${emulator.url}${path}`, {
        headers: { host: `rebind.attacker.example:${port}` },
      })
      expect(res.status).toBe(403)
      expect(res.text).toContain('--allow-host')
    }
    const token = await raw(`${emulator.url}/auth/o2/token`, {
      method: 'POST',
      headers: { host: `rebind.attacker.example:${port}`, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(token.status).toBe(403)
  })

  it('serves the bound address, localhost names and configured names', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `LOCALHOST:${port}`,
      `app.localhost:${port}`,
      `[::1]:${port}`,
      `lwa.test:${port}`,
      'lwa.test',
    ]) {
      const res = await raw(`${emulator.url}${authorizePath}`, { headers: { host } })
      expect([host, res.status]).toEqual([host, 200])
    }
  })

  it('the rules: loopback names, wildcard binds serve IP literals only', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true)
    expect(isLoopbackHost('::1')).toBe(true)
    expect(isLoopbackHost('localhost')).toBe(true)
    expect(isLoopbackHost('0.0.0.0')).toBe(false)
    expect(isLoopbackHost('192.168.1.5')).toBe(false)
    const wild = hostPolicy('0.0.0.0', [])
    expect(hostAllowed(wild, '192.168.1.5:4100')).toBe(true)
    expect(hostAllowed(wild, 'evil.example:4100')).toBe(false)
    const loop = hostPolicy('127.0.0.1', [])
    expect(hostAllowed(loop, '192.168.1.5:4100')).toBe(false)
    expect(hostAllowed(loop, undefined)).toBe(true)
  })
})

describe('control API writes refuse cross-site requests', () => {
  const returnUrl = 'http://localhost:6000/callback'
  const add = (headers: Record<string, string>, body = JSON.stringify({ url: returnUrl })) =>
    raw(`${emulator.url}/__emulator/return-urls`, { method: 'POST', headers, body })

  it('refuses a foreign Origin, an opaque Origin and cross-site or same-site fetch metadata', async () => {
    for (const headers of [
      { ...json, origin: 'http://attacker.example' },
      { ...json, origin: 'null' },
      { ...json, origin: `http://localhost:${Number(port) + 1}` },
      { ...json, 'sec-fetch-site': 'cross-site' },
      { ...json, 'sec-fetch-site': 'same-site' },
      // A plain HTML form from another site.
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://attacker.example' },
    ]) {
      const body = headers['content-type'].includes('json')
        ? undefined
        : new URLSearchParams({ url: returnUrl }).toString()
      const res = await add(headers, body)
      expect(res.status).toBe(403)
      expect(JSON.parse(res.text).error).toBe('cross_site_refused')
    }
    const authorize = await raw(`${emulator.url}/__emulator/authorize`, {
      method: 'POST',
      headers: { ...json, 'sec-fetch-site': 'cross-site' },
      body: '{}',
    })
    expect(authorize.status).toBe(403)
    // Nothing was added.
    expect(() =>
      emulator.authorize({
        client_id: DEMO.webClientId,
        response_type: 'code',
        scope: 'profile',
        redirect_uri: returnUrl,
      }),
    ).toThrow(/whitelisted/)
  })

  it('accepts tools (no browser headers), same-origin pages, and cross-site reads stay reads', async () => {
    expect((await add(json)).status).toBe(200)
    const sameOrigin = await add({
      ...json,
      origin: emulator.url,
      'sec-fetch-site': 'same-origin',
    })
    expect(sameOrigin.status).toBe(200)
    const read = await raw(`${emulator.url}/__emulator/requests`, {
      headers: { 'sec-fetch-site': 'cross-site', origin: 'http://attacker.example' },
    })
    expect(read.status).toBe(200)
    expect(read.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('control API bearer token', () => {
  it('with a control token, every control request needs it', async () => {
    const token = 'test-control-token-0123456789'
    const guarded = await startEmulator({ controlToken: token })
    try {
      expect(guarded.controlToken).toBe(token)
      const none = await fetch(`${guarded.url}/__emulator/requests`)
      expect(none.status).toBe(401)
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /)
      const body = await none.text()
      expect(body).not.toContain(token)
      const wrong = await fetch(`${guarded.url}/__emulator/reset`, {
        method: 'POST',
        headers: { authorization: 'Bearer wrong-token-wrong-token' },
      })
      expect(wrong.status).toBe(401)
      const right = await fetch(`${guarded.url}/__emulator/reset`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      })
      expect(right.status).toBe(200)
      // The LWA endpoints themselves need no control token.
      expect((await fetch(`${guarded.url}${authorizePath}`)).status).toBe(200)
    } finally {
      await guarded.close()
    }
  })

  it('on loopback there is none by default; a short token is refused', async () => {
    expect(emulator.controlToken).toBeUndefined()
    await expect(startEmulator({ controlToken: 'short' })).rejects.toThrow(/16 characters/)
  })

  it('--control-token is required by the control API and printed at start-up', async () => {
    const out: string[] = []
    const token = 'cli-control-token-0123456789'
    const result = await runEmulatorCommand(['--port', '0', '--control-token', token], {
      log: (l) => out.push(l),
      error: (l) => out.push(l),
    })
    if (typeof result === 'number') throw new Error(`exit ${result}`)
    try {
      expect(out.join('\n')).toContain(`control token  ${token}`)
      expect((await fetch(`${result.url}/__emulator/requests`)).status).toBe(401)
    } finally {
      await result.close()
    }
  })
})
