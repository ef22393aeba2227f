// The adapter contract: one list of attack and fault cases, run against every adapter inside its
// real server (requireLwaToken on Express 4 and 5, AmazonTokenStrategy on Express, LwaBearerGuard
// on Nest) over HTTP on 127.0.0.1, against the emulator. The same case must get the same status,
// challenge and error code from every adapter. Each adapter package runs it from its own tests:
//
//   runBearerContract({ name: 'requireLwaToken on Express 5', start: async (env) => ({ url, close }) })
import { connect } from 'node:net'
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { issueToken } from './tokens.mjs'

export { issueToken }

/** How long the "app answered first" middleware waits before it answers 503 itself. */
export const ANSWER_FIRST_MS = 150

/**
 * A request-timeout middleware (as connect-timeout is used): it answers 503 after `ms`, and
 * counts every write made to the response after that (none may happen).
 */
export function answerFirst(ms = ANSWER_FIRST_MS) {
  const state = { lateWrites: 0, answered: 0, late: [] }
  const middleware = (_req, res, next) => {
    let done = false
    const count =
      (name) =>
      (original) =>
      (...args) => {
        if (done && (name !== 'end' || (args[0] !== undefined && typeof args[0] !== 'function'))) {
          state.lateWrites++
          state.late.push(`${name}(${String(args[0]).slice(0, 40)})`)
        }
        return original.apply(res, args)
      }
    for (const name of ['setHeader', 'writeHead', 'write', 'end'])
      res[name] = count(name)(res[name])
    const timer = setTimeout(() => {
      if (res.headersSent) return
      res.statusCode = 503
      res.setHeader('content-type', 'application/json')
      res.end('{"error":"timeout"}')
      done = true
      state.answered++
    }, ms)
    res.on('close', () => clearTimeout(timer))
    next()
  }
  return { middleware, state }
}

/** A raw HTTP/1.1 GET with exactly these header lines (fetch joins repeated headers). */
export function rawGet(url, lines) {
  const { hostname, port, pathname } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname)
    let data = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk) => {
      data += chunk
    })
    socket.on('error', reject)
    socket.on('end', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n')
      const [statusLine = '', ...headerLines] = head.split('\r\n')
      const headers = new Map()
      for (const line of headerLines) {
        const i = line.indexOf(':')
        headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim())
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') })
    })
    socket.write(
      [`GET ${pathname} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Connection: close', ...lines]
        .concat('', '')
        .join('\r\n'),
    )
  })
}

const BEARER = 'Bearer'
const INVALID_REQUEST = 'Bearer error="invalid_request"'
const INVALID_TOKEN = 'Bearer error="invalid_token"'

/**
 * The bearer cases: what is sent, and the answer every adapter must give.
 * `token`: 'ours' (a fresh token of this client), 'foreign' (the EU client's), 'expired'.
 */
export const BEARER_CASES = [
  {
    name: 'no Authorization header',
    lines: [],
    status: 401,
    code: 'LWA_INVALID_TOKEN',
    challenge: BEARER,
  },
  {
    name: 'another scheme (Basic)',
    lines: ['Authorization: Basic dXNlcjpwYXNz'],
    status: 401,
    code: 'LWA_INVALID_TOKEN',
    challenge: BEARER,
  },
  {
    name: '"Bearer" without a token',
    lines: ['Authorization: Bearer'],
    status: 400,
    code: 'LWA_INVALID_REQUEST',
    challenge: INVALID_REQUEST,
  },
  {
    name: 'two tokens in one header',
    lines: ['Authorization: Bearer Atza|a Atza|b'],
    status: 400,
    code: 'LWA_INVALID_REQUEST',
    challenge: INVALID_REQUEST,
  },
  {
    name: 'the header twice (first one valid)',
    token: 'ours',
    lines: (t) => [`Authorization: Bearer ${t}`, `Authorization: Bearer ${t}`],
    status: 400,
    code: 'LWA_INVALID_REQUEST',
    challenge: INVALID_REQUEST,
    lwaCalls: 0,
  },
  {
    name: 'the header twice, comma-joined',
    token: 'ours',
    lines: (t) => [`Authorization: Bearer ${t}, Bearer ${t}`],
    status: 400,
    code: 'LWA_INVALID_REQUEST',
    challenge: INVALID_REQUEST,
    lwaCalls: 0,
  },
  {
    name: 'a token that is not an LWA access token',
    lines: ['Authorization: Bearer not-a-token'],
    status: 401,
    code: 'LWA_INVALID_TOKEN',
    challenge: INVALID_TOKEN,
    lwaCalls: 0,
  },
  {
    name: 'a refresh token as bearer',
    lines: [`Authorization: Bearer Atzr|${'r'.repeat(360)}`],
    status: 401,
    code: 'LWA_INVALID_TOKEN',
    challenge: INVALID_TOKEN,
    lwaCalls: 0,
  },
  {
    name: 'an oversized header (10 KB)',
    lines: [`Authorization: Bearer Atza|${'x'.repeat(10_000)}`],
    status: 400,
    code: 'LWA_INVALID_REQUEST',
    challenge: INVALID_REQUEST,
    lwaCalls: 0,
  },
  {
    name: 'headers beyond Node’s limit (20 KB)',
    lines: [`Authorization: Bearer Atza|${'x'.repeat(20_000)}`],
    status: 431,
  },
  {
    name: 'an unknown Atza| token',
    lines: [`Authorization: Bearer Atza|${'u'.repeat(360)}`],
    status: 401,
    code: 'LWA_INVALID_TOKEN',
    challenge: INVALID_TOKEN,
    lwaCalls: 1,
  },
  {
    name: 'a token issued to another client',
    token: 'foreign',
    lines: (t) => [`Authorization: Bearer ${t}`],
    status: 401,
    code: 'LWA_AUDIENCE_MISMATCH',
    challenge: INVALID_TOKEN,
  },
  {
    name: 'an expired token',
    token: 'expired',
    lines: (t) => [`Authorization: Bearer ${t}`],
    status: 401,
    code: 'LWA_INVALID_TOKEN',
    challenge: INVALID_TOKEN,
  },
  {
    name: 'a lower-case scheme and a token of this client',
    token: 'ours',
    lines: (t) => [`Authorization: bearer ${t}`],
    status: 200,
  },
]

/** Token info failing in each of the emulator's fault kinds: 503, Retry-After, the LWA code. */
export const FAULT_CASES = [
  { kind: 'status', status: 500, code: 'LWA_SERVER_ERROR' },
  { kind: 'status', status: 429, code: 'LWA_SERVER_ERROR' },
  { kind: 'malformed', status: 200, code: 'LWA_MALFORMED_RESPONSE' },
  { kind: 'reset', status: 500, code: 'LWA_NETWORK_ERROR' },
  { kind: 'delay', status: 200, code: 'LWA_TIMEOUT' },
]

/**
 * The time budget the adapters get for each LWA call in these tests: long enough that a healthy
 * call never runs out of it on a loaded 2-core CI machine (400 ms once timed out a 500 fault case
 * there), and the delay faults wait twice as long.
 */
export const TIMEOUT_MS = 1500

/**
 * Runs the bearer contract against one adapter. `start(env)` builds the app in its real server on
 * 127.0.0.1:0 with `GET /api/me` behind the adapter's bearer check (answering `{ userId }`) and
 * `GET /slow/api/me` behind `env.answerFirst.middleware` and then the same check; it configures
 * the adapter with `env.clientId`, `env.endpoints` and `env.timeoutMs`. `bodyCode: false` for an
 * adapter whose framework writes the refusal body itself (Passport): then status and challenge
 * are compared, and the body must still hold no token and no stack.
 */
export function runBearerContract({ name, start, bodyCode = true }) {
  describe(`bearer contract: ${name}`, () => {
    let emulator
    let app
    const first = answerFirst()
    const rejections = []
    const onRejection = (reason) => rejections.push(reason)

    beforeAll(async () => {
      process.on('unhandledRejection', onRejection)
      emulator = await startEmulator({ port: 0 })
      app = await start({
        clientId: DEMO.webClientId,
        endpoints: emulator.endpoints,
        timeoutMs: TIMEOUT_MS,
        answerFirst: first,
      })
    })
    afterAll(async () => {
      process.off('unhandledRejection', onRejection)
      await app?.close()
      await emulator?.close()
    })
    afterEach(() => {
      emulator.clearFaults()
      expect(rejections).toEqual([])
    })

    const tokenOf = async (kind) => {
      if (kind === 'foreign') return issueToken(emulator, 'EU')
      const token = await issueToken(emulator)
      if (kind === 'expired') emulator.advanceClock(3601)
      return token
    }
    const tokeninfoCalls = () =>
      emulator.requests().filter((r) => r.endpoint === 'tokeninfo').length

    const expectAnswer = (res, expected) => {
      expect(res.status).toBe(expected.status)
      if (expected.challenge !== undefined)
        expect(res.headers.get('www-authenticate')).toBe(expected.challenge)
      if (expected.status >= 400 && expected.status !== 431) {
        if (bodyCode) expect(JSON.parse(res.body)).toMatchObject({ error: expected.code })
        expect(res.body).not.toMatch(/Atz[ar]\||\bat \S+:\d+:\d+|node_modules/)
      }
    }

    for (const c of BEARER_CASES) {
      it(`${c.name}: ${c.status}${c.code ? ` ${c.code}` : ''}`, async () => {
        const token = c.token ? await tokenOf(c.token) : undefined
        emulator.clearRequests()
        const lines = typeof c.lines === 'function' ? c.lines(token) : c.lines
        const res = await rawGet(`${app.url}/api/me`, lines)
        expectAnswer({ ...res, headers: { get: (n) => res.headers.get(n) ?? null } }, c)
        if (c.lwaCalls !== undefined) expect(tokeninfoCalls()).toBe(c.lwaCalls)
        if (c.status === 200)
          expect(JSON.parse(res.body)).toEqual({ userId: DEMO.users.alice.userId })
      })
    }

    it('a token of this client: 200, checked once with token info, then from the cache', async () => {
      const token = await issueToken(emulator)
      emulator.clearRequests()
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${app.url}/api/me`, {
          headers: { authorization: `Bearer ${token}` },
        })
        expect(res.status).toBe(200)
        expect(await res.json()).toEqual({ userId: DEMO.users.alice.userId })
      }
      expect(tokeninfoCalls()).toBe(1)
    })

    for (const f of FAULT_CASES) {
      it(`token info down (${f.kind}${f.kind === 'status' ? ` ${f.status}` : ''}): 503 ${f.code} with Retry-After, then recovers`, async () => {
        const token = await issueToken(emulator)
        emulator.injectFault({
          endpoint: 'tokeninfo',
          kind: f.kind,
          status: f.status,
          delayMs: TIMEOUT_MS * 2,
          times: 10,
        })
        const res = await fetch(`${app.url}/api/me`, {
          headers: { authorization: `Bearer ${token}` },
        })
        const body = await res.text()
        expect(res.status).toBe(503)
        expect(res.headers.get('retry-after')).toBe('5')
        expect(res.headers.get('www-authenticate')).toBeNull()
        if (bodyCode) expect(JSON.parse(body)).toMatchObject({ error: f.code })
        expect(body).not.toMatch(/Atz[ar]\||\bat \S+:\d+:\d+|node_modules/)
        emulator.clearFaults()
        const again = await fetch(`${app.url}/api/me`, {
          headers: { authorization: `Bearer ${token}` },
        })
        expect(again.status).toBe(200)
      })
    }

    for (const which of ['valid', 'refused']) {
      it(`the app answered first (a timeout middleware), token ${which}: nothing writes again, no unhandled rejection, the server lives on`, async () => {
        const token = which === 'valid' ? await issueToken(emulator) : `Atza|${'z'.repeat(360)}`
        emulator.injectFault({
          endpoint: 'tokeninfo',
          kind: 'delay',
          delayMs: ANSWER_FIRST_MS + 150,
        })
        const before = first.state.answered
        const lateBefore = first.state.late.length
        const res = await fetch(`${app.url}/slow/api/me`, {
          headers: { authorization: `Bearer ${token}` },
        })
        expect(res.status).toBe(503)
        expect(await res.json()).toEqual({ error: 'timeout' })
        expect(first.state.answered).toBe(before + 1)
        await new Promise((resolve) => setTimeout(resolve, 600))
        expect(first.state.late.slice(lateBefore)).toEqual([])
        expect(rejections).toEqual([])
        const token2 = await issueToken(emulator)
        const alive = await fetch(`${app.url}/api/me`, {
          headers: { authorization: `Bearer ${token2}` },
        })
        expect(alive.status).toBe(200)
      })
    }
  })
}
