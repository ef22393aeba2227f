// nodeSignInSessions on real node:http requests and responses over 127.0.0.1: the cookies set on
// the response, and nothing written (no session left behind) once the app has answered first.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createLwaClient,
  createSignInSessions,
  createTokenManager,
  MemoryTokenStore,
  nodeSignInSessions,
  type TokenSet,
} from '../src/index.js'

const secret = 'a-core-test-secret-of-at-least-32-characters'
const tokens: TokenSet = {
  accessToken: `Atza|${'a'.repeat(360)}`,
  refreshToken: `Atzr|${'r'.repeat(360)}`,
  tokenType: 'bearer',
  expiresAt: Date.now() + 3600_000,
  scope: ['profile'],
}

/** A memory store whose `set` waits for `hold` when given one (an app answering meanwhile). */
class HeldStore extends MemoryTokenStore {
  hold: Promise<void> | undefined
  override async set(key: string, value: TokenSet): Promise<void> {
    await this.hold
    super.set(key, value)
  }
}

const store = new HeldStore()
const manager = createTokenManager({ client: createLwaClient({ clientId: 'amzn1.test' }), store })
const sessions = nodeSignInSessions(
  createSignInSessions<{ name: string }>({ secret, store, tokens: manager, idleSeconds: 100 }),
)
/** What was written after the answer, and what signIn resolved then. */
const late: string[] = []
let server: Server
let base: string

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>
const routes: Record<string, Handler> = {
  '/signin': async (req, res) => {
    const key = await sessions.signIn(req, res, 'web', { name: 'Alice' }, tokens)
    res.statusCode = 303
    res.setHeader('location', '/')
    res.end(key)
  },
  // The app answers first (a timeout), then signs in: nothing may be written.
  '/answered-before': async (req, res) => {
    res.statusCode = 503
    res.end('timeout')
    late.push(String(await sessions.signIn(req, res, 'web', { name: 'Alice' }, tokens)))
  },
  // The app answers while the tokens are being kept.
  '/answered-while': async (req, res) => {
    let release = () => {}
    store.hold = new Promise((resolve) => {
      release = resolve
    })
    const signingIn = sessions.signIn(req, res, 'web', { name: 'Alice' }, tokens)
    res.statusCode = 503
    res.end('timeout')
    release()
    late.push(String(await signingIn))
    store.hold = undefined
  },
  '/me': async (req, res) => {
    const opened = await sessions.open(req, res)
    res.end(JSON.stringify({ key: opened?.key ?? null, name: opened?.data.name ?? null }))
  },
  '/logout': async (req, res) => {
    await sessions.signOut(req, res, '/bye')
  },
  '/end': async (req, res) => {
    await sessions.end(req, res)
    res.end('ended')
  },
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const setHeader = res.setHeader.bind(res)
    res.setHeader = ((name: string, value: never) => {
      if (res.headersSent) late.push(`setHeader(${name})`)
      return setHeader(name, value)
    }) as typeof res.setHeader
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname]
    route?.(req, res).catch((err: unknown) => late.push(`rejected: ${String(err)}`))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const cookieOf = (res: Response) => (res.headers.getSetCookie()[0] ?? '').split(';')[0] as string
const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

describe('nodeSignInSessions', () => {
  it("sets the session cookie on sign-in and opens it; sign-out writes core's answer", async () => {
    const signedIn = await fetch(`${base}/signin`, { redirect: 'manual' })
    expect(signedIn.status).toBe(303)
    const key = await signedIn.text()
    expect(key).toMatch(/^web:/)
    const cookie = cookieOf(signedIn)
    expect(cookie).toMatch(/^lwa_session=v1\./)
    expect(await (await fetch(`${base}/me`, { headers: { cookie } })).json()).toEqual({
      key,
      name: 'Alice',
    })
    const refused = await fetch(`${base}/logout`, { headers: { cookie } })
    expect(refused.status).toBe(405)
    const out = await fetch(`${base}/logout`, {
      method: 'POST',
      headers: { cookie },
      redirect: 'manual',
    })
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe('/bye')
    expect(out.headers.getSetCookie()[0]).toMatch(/^lwa_session=; .*Max-Age=0/)
    expect(await (await fetch(`${base}/me`, { headers: { cookie } })).json()).toEqual({
      key: null,
      name: null,
    })
  })

  it('ends a session now with the clearing cookie on the response', async () => {
    const cookie = cookieOf(await fetch(`${base}/signin`, { redirect: 'manual' }))
    const ended = await fetch(`${base}/end`, { method: 'POST', headers: { cookie } })
    expect(ended.headers.getSetCookie()[0]).toMatch(/^lwa_session=; .*Max-Age=0/)
    expect(await (await fetch(`${base}/me`, { headers: { cookie } })).json()).toMatchObject({
      key: null,
    })
  })

  it('once the app has answered, before or while the tokens were kept: no session, nothing written', async () => {
    late.length = 0
    const before = store.size
    for (const path of ['/answered-before', '/answered-while']) {
      const res = await fetch(`${base}${path}`)
      expect(res.status).toBe(503)
      expect(res.headers.getSetCookie()).toEqual([])
      await settle()
    }
    expect(late).toEqual(['undefined', 'undefined'])
    expect(store.size).toBe(before)
  })
})
