// createNodeFetch over real HTTP on 127.0.0.1: a plain node:http server for the transport's own
// behaviour, and @lwa-kit/core's client against the emulator with it as its fetch.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createLwaClient,
  isLwaError,
  LwaAbortError,
  LwaErrorCode,
  LwaTimeoutError,
  type TimedFetch,
  timedFetchKey,
} from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeFetch, nodeFetch } from '../src/index.js'

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void
let server: Server
let base: string
let handler: Handler = (_req, _body, res) => res.end()
let connections = 0

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => handler(req, body, res))
  })
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('createNodeFetch', () => {
  const f = createNodeFetch()

  it('sends the method, headers and a form body; answers status, headers and the body', async () => {
    handler = (req, body, res) => {
      res.setHeader('content-type', 'application/json')
      res.setHeader('x-amzn-requestid', 'req-1')
      res.statusCode = 201
      res.end(
        JSON.stringify({
          method: req.method,
          type: req.headers['content-type'],
          length: req.headers['content-length'],
          body,
        }),
      )
    }
    const form = new URLSearchParams({ grant_type: 'refresh_token', note: 'é & =' })
    const res = await f(`${base}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
    })
    expect(res.status).toBe(201)
    expect(res.ok).toBe(true)
    expect(res.headers.get('x-amzn-requestid')).toBe('req-1')
    expect(await res.json()).toEqual({
      method: 'POST',
      type: 'application/x-www-form-urlencoded',
      length: String(Buffer.byteLength(form.toString())),
      body: form.toString(),
    })
    expect(res.bodyUsed).toBe(true)
    await expect(res.text()).rejects.toThrow(TypeError)
  })

  it('keeps the connection alive between calls', async () => {
    handler = (_req, _body, res) => res.end('ok')
    const before = connections
    for (let i = 0; i < 5; i++) expect(await (await f(`${base}/a`)).text()).toBe('ok')
    expect(connections - before).toBeLessThanOrEqual(1)
  })

  it("refuses a redirect with redirect: 'error', hands it over otherwise", async () => {
    handler = (_req, _body, res) => {
      res.statusCode = 302
      res.setHeader('location', 'https://elsewhere.example/')
      res.end()
    }
    await expect(f(`${base}/r`, { redirect: 'error' })).rejects.toThrow(TypeError)
    const res = await f(`${base}/r`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('https://elsewhere.example/')
  })

  it('stops at the signal: the reason of an aborted or timed-out signal', async () => {
    handler = (_req, _body, res) => setTimeout(() => res.end('late'), 2000)
    const aborted = new AbortController()
    const call = f(`${base}/slow`, { signal: aborted.signal })
    setTimeout(() => aborted.abort(), 50)
    await expect(call).rejects.toMatchObject({ name: 'AbortError' })
    await expect(f(`${base}/slow`, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({
      name: 'TimeoutError',
    })
    const gone = new AbortController()
    gone.abort()
    await expect(f(`${base}/slow`, { signal: gone.signal })).rejects.toMatchObject({
      name: 'AbortError',
    })
  })

  it('fails a reset connection and an oversized answer, with no URL in the error', async () => {
    handler = (req) => req.socket.destroy()
    const secretUrl = `${base}/auth/o2/tokeninfo?access_token=Atza%7Csecret`
    const reset = await f(secretUrl).catch((e: unknown) => e)
    expect(reset).toBeInstanceOf(Error)
    expect(String((reset as Error).message)).not.toContain('Atza')
    expect(String((reset as Error).message)).not.toContain('127.0.0.1')
    handler = (_req, _body, res) => res.end('x'.repeat(2048))
    const small = createNodeFetch({ maxResponseBytes: 1024 })
    await expect(small(`${base}/big`)).rejects.toThrow(/over 1024 bytes/)
  })

  it('answers a 204 with an empty body, and clone() gives a standard Response', async () => {
    handler = (_req, _body, res) => {
      res.statusCode = 204
      res.end()
    }
    const empty = await f(`${base}/none`)
    expect(empty.status).toBe(204)
    expect(empty.body).toBeNull()
    expect(await empty.text()).toBe('')
    handler = (_req, _body, res) => res.end('{"a":1}')
    const res = await f(`${base}/json`)
    const copy = res.clone()
    expect(copy).toBeInstanceOf(Response)
    expect(await copy.json()).toEqual({ a: 1 })
    expect(await res.json()).toEqual({ a: 1 })
  })

  it('refuses what it does not send: a Request object, a stream body, another protocol', async () => {
    await expect(f(new Request(`${base}/x`))).rejects.toThrow(TypeError)
    await expect(
      f(`${base}/x`, { method: 'POST', body: new Blob(['x']) as unknown as BodyInit }),
    ).rejects.toThrow(TypeError)
    await expect(f('ftp://127.0.0.1/x')).rejects.toThrow(/not ftp:/)
  })

  it("keeps core's time budget itself: a TimeoutError when the time is up, the request ended", async () => {
    const timed = (f as unknown as Record<symbol, unknown>)[timedFetchKey] as TimedFetch
    expect(typeof timed).toBe('function')
    let closed = false
    handler = (req, _body, res) => {
      req.socket.once('close', () => {
        closed = true
      })
      setTimeout(() => res.end('late'), 2000)
    }
    const started = Date.now()
    await expect(timed(`${base}/slow`, {}, 100)).rejects.toMatchObject({ name: 'TimeoutError' })
    expect(Date.now() - started).toBeLessThan(1000)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(closed).toBe(true)
    // Within its time it answers as the plain fetch does, and the caller's signal still stops it.
    handler = (_req, _body, res) => res.end('{"a":1}')
    expect(await (await timed(`${base}/quick`, {}, 1000)).json()).toEqual({ a: 1 })
    handler = (_req, _body, res) => setTimeout(() => res.end('late'), 2000)
    const aborted = new AbortController()
    setTimeout(() => aborted.abort(), 50)
    await expect(timed(`${base}/slow`, { signal: aborted.signal }, 5000)).rejects.toMatchObject({
      name: 'AbortError',
    })
  })

  it('nodeFetch() is one shared transport', () => {
    expect(nodeFetch()).toBe(nodeFetch())
  })
})

describe("@lwa-kit/core's client through createNodeFetch, against the emulator", () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 })
  })
  afterAll(async () => {
    await emulator?.close()
  })

  const client = () =>
    createLwaClient({
      clientId: DEMO.webClientId,
      clientSecret: DEMO.webClientSecret,
      endpoints: emulator.endpoints,
      fetch: createNodeFetch(),
      timeoutMs: 1500,
    })

  it('signs in: code exchange, profile and token info', async () => {
    const lwa = client()
    const request = await lwa.authorizationUrl({
      scope: 'profile',
      redirectUri: DEMO.returnUrls.expressDemo,
    })
    const { location } = emulator.authorize({
      ...Object.fromEntries(new URL(request.url).searchParams),
      user_id: DEMO.users.alice.userId,
    })
    const tokens = await lwa.handleCallback(location, request)
    expect(tokens.accessToken).toMatch(/^Atza\|/)
    const profile = await lwa.profile(tokens.accessToken)
    expect(profile.userId).toBe(DEMO.users.alice.userId)
    const info = await lwa.verifyAccessToken(tokens.accessToken)
    expect(info.clientId).toBe(DEMO.webClientId)
    const refreshed = await lwa.refresh(tokens.refreshToken!)
    expect(refreshed.accessToken).not.toBe(tokens.accessToken)
  })

  it("maps LWA's failures to core's typed errors, with no token in them", async () => {
    const lwa = client()
    emulator.injectFault({ endpoint: 'tokeninfo', kind: 'reset', times: 10 })
    const reset = await lwa.verifyAccessToken('Atza|not-a-real-token').catch((e: unknown) => e)
    expect(isLwaError(reset) && reset.code).toBe(LwaErrorCode.Network)
    expect(
      JSON.stringify({ m: (reset as Error).message, c: String((reset as Error).cause) }),
    ).not.toMatch(/Atza/)
    emulator.clearFaults()
    emulator.injectFault({ endpoint: 'tokeninfo', kind: 'delay', delayMs: 3000, times: 10 })
    const slow = await lwa.verifyAccessToken('Atza|not-a-real-token').catch((e: unknown) => e)
    expect(isLwaError(slow) && slow.code).toBe(LwaErrorCode.Timeout)
    emulator.clearFaults()
    emulator.injectFault({ endpoint: 'token', kind: 'malformed', times: 10 })
    const garbled = await lwa.refresh('Atzr|whatever').catch((e: unknown) => e)
    expect(isLwaError(garbled) && garbled.code).toBe(LwaErrorCode.MalformedResponse)
    emulator.clearFaults()
  })

  it("a slow answer is core's LwaTimeoutError with its message; the caller's abort still works", async () => {
    const lwa = client()
    emulator.injectFault({ endpoint: 'tokeninfo', kind: 'delay', delayMs: 3000, times: 10 })
    const started = Date.now()
    const slow = await lwa
      .verifyAccessToken('Atza|not-a-real-token', { timeoutMs: 300 })
      .catch((e: unknown) => e)
    expect(slow).toBeInstanceOf(LwaTimeoutError)
    expect((slow as Error).message).toBe('The tokeninfo request did not finish within 300 ms.')
    expect(Date.now() - started).toBeLessThan(1500)
    const aborted = new AbortController()
    setTimeout(() => aborted.abort(), 50)
    const stopped = await lwa
      .verifyAccessToken('Atza|not-a-real-token', { signal: aborted.signal })
      .catch((e: unknown) => e)
    expect(stopped).toBeInstanceOf(LwaAbortError)
    emulator.clearFaults()
  })
})
