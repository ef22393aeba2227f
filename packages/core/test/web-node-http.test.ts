// nodeRequestHeaders and nodeWebRequest on real node:http requests over 127.0.0.1: the headers as
// Node parsed them, unless a header Node keeps only once (Authorization, Host) came twice.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBearerCheck, nodeRequestHeaders, nodeWebRequest, readCookie } from '../src/index.js'

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

/** Sends a raw request (header lines as given) and hands over what the server received. */
function receive(lines: string[]): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    seen = resolve
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(`GET /x HTTP/1.1\r\n${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`),
    )
    socket.on('error', reject)
    socket.resume()
  })
}

describe('nodeRequestHeaders', () => {
  it('is req.headers itself for a request without a repeated Authorization or Host', async () => {
    const req = await receive([
      'Host: a.test',
      'Authorization: Bearer Atza|abc',
      'Cookie: a=1',
      'Cookie: b=2',
    ])
    const headers = nodeRequestHeaders(req)
    expect(headers).toBe(req.headers)
    expect(readCookie(nodeWebRequest(req, false), 'b')).toBe('2')
  })

  it('gives every value when Authorization or Host came twice, so the bearer check refuses it', async () => {
    const bearer = createBearerCheck({ client: { verifyAccessToken: () => Promise.reject() } })
    for (const lines of [
      ['Host: a.test', 'Authorization: Bearer Atza|abc', 'authorization: Bearer Atza|def'],
      ['Host: a.test', 'HOST: b.test', 'Authorization: Bearer Atza|abc'],
    ]) {
      const req = await receive(lines)
      // Node itself keeps only the first of them.
      expect(typeof req.headers.authorization).toBe('string')
      const headers = nodeRequestHeaders(req)
      expect(headers).not.toBe(req.headers)
      const repeated = lines[1]?.startsWith('HOST') ? 'host' : 'authorization'
      expect(headers[repeated]).toHaveLength(2)
      if (repeated === 'authorization')
        expect(bearer.check({ headers })).toMatchObject({ ok: false, failure: { status: 400 } })
    }
  })
})
