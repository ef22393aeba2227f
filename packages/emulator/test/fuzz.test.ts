import { connect } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, type Emulator, startEmulator } from '../src/index.js'
import { CALLBACK } from './helpers.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

const NO_STACK = /\bat .+:\d+:\d+|Error:|node:internal/

function expectLwaError(status: number, text: string) {
  expect(status).toBeGreaterThanOrEqual(400)
  expect(status).toBeLessThan(500)
  const body = JSON.parse(text) as { error: unknown; error_description: unknown }
  expect(typeof body.error).toBe('string')
  expect(typeof body.error_description).toBe('string')
  expect(text).not.toMatch(NO_STACK)
}

const contentTypes = fc.constantFrom(
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded;charset=UTF-8',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
)

const knownKeys = fc.constantFrom(
  'grant_type',
  'code',
  'refresh_token',
  'client_id',
  'client_secret',
  'redirect_uri',
  'code_verifier',
  'device_code',
  'user_code',
  'response_type',
  'scope',
  'scope_data',
)

const knownValues = fc.oneof(
  fc.string(),
  fc.constantFrom(
    'authorization_code',
    'refresh_token',
    'device_code',
    'device_code',
    'alexa:all',
    DEMO.webClientId,
    DEMO.deviceClientId,
    DEMO.webClientSecret,
    CALLBACK,
    '{"alexa:all":{}}',
    '%',
    '\u0000',
  ),
)

describe('bad input never crashes the emulator or leaks a stack trace', () => {
  it('arbitrary bodies on the token and code pair endpoints get LWA-style errors', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/auth/o2/token', '/auth/o2/create/codepair', '/eu/auth/O2/token'),
        contentTypes,
        fc.oneof(fc.string(), fc.json(), fc.uint8Array({ maxLength: 200 })),
        async (path, type, body) => {
          const res = await fetch(`${emulator.url}${path}`, {
            method: 'POST',
            headers: type ? { 'content-type': type } : {},
            body: typeof body === 'string' ? body : Buffer.from(body),
          })
          const text = await res.text()
          if (res.status === 200) return // a random body could, in theory, be a valid code pair request
          expectLwaError(res.status, text)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('arbitrary known fields (form and JSON) get LWA-style errors', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(knownKeys, fc.oneof(knownValues, fc.integer(), fc.object({ maxDepth: 2 }))),
        fc.boolean(),
        async (fields, asJson) => {
          const init: RequestInit = asJson
            ? {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(fields),
              }
            : {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams(
                  Object.entries(fields).map(([k, v]) => [
                    k,
                    typeof v === 'string' ? v : JSON.stringify(v),
                  ]),
                ),
              }
          for (const path of ['/auth/o2/token', '/auth/o2/create/codepair']) {
            const res = await fetch(`${emulator.url}${path}`, init)
            const text = await res.text()
            if (res.status !== 200) expectLwaError(res.status, text)
          }
        },
      ),
      { numRuns: 150 },
    )
  })

  it('arbitrary /ap/oa queries get a page, a redirect or an error page, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc
            .dictionary(
              fc.constantFrom(
                'client_id',
                'redirect_uri',
                'scope',
                'response_type',
                'state',
                'code_challenge',
                'code_challenge_method',
                'scope_data',
              ),
              knownValues,
            )
            .map((d) => new URLSearchParams(d).toString()),
        ),
        async (query) => {
          const res = await fetch(
            `${emulator.url}/ap/oa?${encodeURI(query).replace(/#/g, '%23')}`,
            {
              redirect: 'manual',
            },
          )
          const text = await res.text()
          expect([200, 302, 400]).toContain(res.status)
          expect(text).not.toMatch(NO_STACK)
          if (res.status === 400) expect(text).toContain("We're sorry!")
        },
      ),
      { numRuns: 200 },
    )
  })

  it('arbitrary bytes on the socket do not take the server down', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (bytes) => {
        const { port } = new URL(emulator.url)
        await new Promise<void>((resolve) => {
          const socket = connect(Number(port), '127.0.0.1', () => {
            socket.end(Buffer.from(bytes))
          })
          socket.on('error', () => resolve())
          socket.on('close', () => resolve())
          socket.setTimeout(500, () => socket.destroy())
          socket.resume()
        })
      }),
      { numRuns: 40 },
    )
    const res = await fetch(`${emulator.url}/auth/o2/tokeninfo?access_token=x`)
    expect(res.status).toBe(400)
  })
})

describe('parsers never throw on arbitrary input', () => {
  it('splitUrl and parseQuery accept any string', async () => {
    const { parseQuery, splitUrl } = await import('../src/http-util.js')
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const { path, query } = splitUrl(text)
        expect(typeof path).toBe('string')
        expect(typeof query).toBe('object')
        expect(typeof parseQuery(text)).toBe('object')
      }),
      { numRuns: 500 },
    )
  })

  it('parseScopeData answers ok or a reason for any value', async () => {
    const { parseScopeData } = await import('../src/scopes.js')
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.jsonValue()),
        fc.constantFrom(['alexa:all'], ['profile']),
        (raw, scopes) => {
          const result = parseScopeData(raw, [...scopes])
          expect(typeof result.ok).toBe('boolean')
        },
      ),
      { numRuns: 500 },
    )
  })
})
