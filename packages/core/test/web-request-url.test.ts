// nodeRequestIsHttps, requestUrl, resolveRedirectUri and isSignInCallback on real node:http
// requests over 127.0.0.1 (the headers as Node parsed them): the forwarded headers count only
// behind a trusted proxy, and then only their first value.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  isSignInCallback,
  nodeRequestIsHttps,
  nodeWebRequest,
  requestUrl,
  resolveRedirectUri,
} from '../src/index.js'

let server: Server
let port: number
let seen: (req: IncomingMessage) => void = () => {}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen(req)
    res.end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** Sends a raw request (path and header lines as given) and hands over what the server received. */
function receive(path: string, lines: string[]): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    seen = resolve
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(`GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`),
    )
    socket.on('error', reject)
    socket.resume()
  })
}

const forwarded = [
  'Host: internal:8080',
  'X-Forwarded-Proto: https, http',
  'X-Forwarded-Host: app.example, internal:8080',
]

describe('nodeRequestIsHttps', () => {
  it('reads X-Forwarded-Proto only behind a trusted proxy, and then its first value', async () => {
    const req = await receive('/x', forwarded)
    expect(nodeRequestIsHttps(req)).toBe(false)
    expect(nodeRequestIsHttps(req, { trustProxy: false })).toBe(false)
    expect(nodeRequestIsHttps(req, { trustProxy: true })).toBe(true)
    const last = await receive('/x', ['Host: a.test', 'X-Forwarded-Proto: http, https'])
    expect(nodeRequestIsHttps(last, { trustProxy: true })).toBe(false)
  })

  it("takes the framework's word (Express's req.secure) and a TLS socket", async () => {
    const req = await receive('/x', ['Host: a.test'])
    expect(nodeRequestIsHttps(req)).toBe(false)
    expect(nodeRequestIsHttps(Object.assign(req, { secure: true }))).toBe(true)
    const plain = await receive('/x', ['Host: a.test'])
    Object.defineProperty(plain, 'socket', { value: { encrypted: true } })
    expect(nodeRequestIsHttps(plain)).toBe(true)
  })
})

describe('requestUrl and resolveRedirectUri', () => {
  it('builds the URL from Host, or from the first X-Forwarded-Host behind a trusted proxy', async () => {
    const req = await receive('/auth/amazon?returnTo=%2Fx', forwarded)
    const plain = nodeWebRequest(req, nodeRequestIsHttps(req))
    expect(requestUrl(plain)).toBe('http://internal:8080/auth/amazon?returnTo=%2Fx')
    const trustProxy = { trustProxy: true }
    const behind = nodeWebRequest(req, nodeRequestIsHttps(req, trustProxy))
    expect(requestUrl(behind, trustProxy)).toBe('https://app.example/auth/amazon?returnTo=%2Fx')
    expect(resolveRedirectUri('/auth/amazon/callback', behind, trustProxy)).toBe(
      'https://app.example/auth/amazon/callback',
    )
    expect(resolveRedirectUri('callback', behind, trustProxy)).toBe(
      'https://app.example/auth/callback',
    )
    expect(resolveRedirectUri('/auth/amazon/callback', plain)).toBe(
      'http://internal:8080/auth/amazon/callback',
    )
  })

  it('keeps an absolute redirect URI (any scheme) and an absolute request URL as they are', () => {
    const request = { method: 'GET', url: '/x', headers: { host: 'a.test' }, secure: false }
    expect(resolveRedirectUri('https://app.example/cb', request)).toBe('https://app.example/cb')
    expect(resolveRedirectUri('myapp:/cb', request)).toBe('myapp:/cb')
    const absolute = { ...request, url: 'https://b.test/y?z=1' }
    expect(requestUrl(absolute)).toBe('https://b.test/y?z=1')
    expect(resolveRedirectUri('/cb', absolute)).toBe('https://b.test/cb')
  })
})

describe('resolveRedirectUri, called again', () => {
  it("resolves a path on each request's own origin, whatever came before (resolved once per origin)", async () => {
    const request = (host: string, url: string, secure = false) => ({
      method: 'GET',
      url,
      headers: { host },
      secure,
    })
    for (let round = 0; round < 2; round++) {
      expect(resolveRedirectUri('/cb', request('a.test', '/x?state=1'))).toBe('http://a.test/cb')
      expect(resolveRedirectUri('/cb', request('a.test', '/y/z?code=2'))).toBe('http://a.test/cb')
      expect(resolveRedirectUri('/cb', request('a.test', '/x', true))).toBe('https://a.test/cb')
      expect(resolveRedirectUri('/cb', request('a.test:8080', '/x'))).toBe('http://a.test:8080/cb')
      expect(resolveRedirectUri('/cb', request('b.test', '/x'))).toBe('http://b.test/cb')
      expect(resolveRedirectUri('/a/../cb?x=1', request('b.test', '/x'))).toBe(
        'http://b.test/cb?x=1',
      )
      // A relative path depends on the request's path: never one answer per origin.
      expect(resolveRedirectUri('cb', request('a.test', '/one/x'))).toBe('http://a.test/one/cb')
      expect(resolveRedirectUri('cb', request('a.test', '/two/x'))).toBe('http://a.test/two/cb')
      // A host that is not plain goes through the whole URL, as before.
      expect(resolveRedirectUri('/cb', request('u@c.test', '/x'))).toBe('http://u@c.test/cb')
      expect(resolveRedirectUri('/cb', request('[::1]:3000', '/x'))).toBe('http://[::1]:3000/cb')
    }
    // Many origins: the first is still resolved on its own.
    for (let i = 0; i < 100; i++)
      expect(resolveRedirectUri('/cb', request(`h${i}.test`, '/x'))).toBe(`http://h${i}.test/cb`)
    expect(resolveRedirectUri('/cb', request('a.test', '/x'))).toBe('http://a.test/cb')
  })
})

describe('isSignInCallback', () => {
  const at = (url: string) => ({ url })
  it('is a callback with code, error or state in the query, with a value or not', () => {
    for (const url of [
      '/auth?code=a',
      '/auth?error=access_denied',
      '/auth?state',
      '/?state=1&state=2',
    ])
      expect(isSignInCallback(at(url), undefined)).toBe(true)
    expect(isSignInCallback(at('/auth/amazon?scope=profile'), '/auth/amazon/callback')).toBe(false)
    expect(isSignInCallback(at('/auth/amazon'), undefined)).toBe(false)
  })

  it("is a callback on the redirect URI's path without any of them", () => {
    const redirectUri = 'https://app.example/auth/amazon/callback'
    expect(isSignInCallback(at('/auth/amazon/callback'), redirectUri)).toBe(true)
    expect(isSignInCallback(at('/auth/amazon/callback?x=1'), '/auth/amazon/callback')).toBe(true)
    expect(isSignInCallback(at('/auth/amazon'), redirectUri)).toBe(false)
    expect(isSignInCallback(at('/auth/amazon/callback/more'), redirectUri)).toBe(false)
  })
})
