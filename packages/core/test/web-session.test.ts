import { describe, expect, it } from 'vitest'
import { createWebSession, MemoryTokenStore, type TokenSet, type WebRequest } from '../src/index.js'

const secret = 'a-core-test-secret-of-at-least-32-characters'
const tokens: TokenSet = {
  accessToken: `Atza|${'a'.repeat(360)}`,
  refreshToken: `Atzr|${'r'.repeat(360)}`,
  tokenType: 'bearer',
  expiresAt: Date.now() + 3600_000,
  scope: ['profile'],
}
const request = (cookie = '', secure = false): WebRequest => ({
  method: 'GET',
  url: '/',
  headers: cookie ? { cookie } : {},
  secure,
})
const pair = (line: string) => line.split(';')[0] as string

describe('createWebSession', () => {
  it('opens a session only while its handle exists: ending it ends every copy', async () => {
    const store = new MemoryTokenStore()
    const sessions = createWebSession<{ name: string }>({ secret, store })
    const { cookie, key } = await sessions.issue(request(), 'web', { name: 'Alice' })
    expect(key).toMatch(/^web:[A-Za-z0-9_-]{32}$/)
    expect(cookie).toMatch(/^lwa_session=v1\..*; Path=\/; Max-Age=604800; HttpOnly; SameSite=Lax$/)
    expect(await sessions.open(request(pair(cookie)))).toBeUndefined() // no tokens kept yet
    await store.set(key, tokens)
    expect(await sessions.open(request(pair(cookie)))).toMatchObject({
      key,
      data: { name: 'Alice' },
    })
    const copy = pair(cookie)
    expect(await sessions.end(request(copy), key)).toMatch(/^lwa_session=; .*Max-Age=0/)
    expect(await sessions.open(request(copy))).toBeUndefined()
  })

  it('opens a cookie it has opened before without decrypting it again, and still asks the store', async () => {
    let now = 1_000_000_000_000
    const store = new MemoryTokenStore()
    const sessions = createWebSession<{ user: { name: string } }>({
      secret,
      store,
      idleSeconds: 100,
      now: () => now,
    })
    const { cookie, key } = await sessions.issue(request(), 'web', { user: { name: 'Alice' } })
    await store.set(key, tokens)
    const decrypts = { count: 0 }
    const subtle = globalThis.crypto.subtle
    const decrypt = subtle.decrypt.bind(subtle)
    subtle.decrypt = ((...args: Parameters<typeof decrypt>) => {
      decrypts.count++
      return decrypt(...args)
    }) as typeof decrypt
    try {
      const first = await sessions.open(request(pair(cookie)))
      const second = await sessions.open(request(pair(cookie)))
      expect(decrypts.count).toBe(1)
      expect(second?.data).toEqual({ user: { name: 'Alice' } })
      // One request's changes do not reach the next one.
      first!.data.user.name = 'Mallory'
      expect((await sessions.open(request(pair(cookie))))?.data.user.name).toBe('Alice')
      // Signed out elsewhere: the kept cookie opens nothing.
      await store.delete(key)
      expect(await sessions.open(request(pair(cookie)))).toBeUndefined()
      await store.set(key, tokens)
      // Past the seal's expiry the kept copy is not used.
      now += 101_000
      expect(await sessions.open(request(pair(cookie)))).toBeUndefined()
      // A tampered cookie is never kept.
      const tampered = `${pair(cookie).slice(0, -2)}AA`
      expect(await sessions.open(request(tampered))).toBeUndefined()
      expect(await sessions.open(request(tampered))).toBeUndefined()
    } finally {
      subtle.decrypt = decrypt
    }
  })

  it('gives every request its own copy of a kept session, as parsing it again would', async () => {
    const store = new MemoryTokenStore()
    type Data = { user: { name: string; scope: string[] }; list: unknown[]; n: null }
    const sessions = createWebSession<Data>({ secret, store })
    const data: Data = {
      user: { name: 'Alice', scope: ['profile'] },
      list: [1, { a: [true] }],
      n: null,
    }
    const evil = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}')
    const { cookie, key } = await sessions.issue(request(), 'web', { ...data, evil } as Data)
    await store.set(key, tokens)
    const first = await sessions.open(request(pair(cookie)))
    const read = sessions.read(request(pair(cookie)))
    expect(read).not.toBeInstanceOf(Promise)
    const second = read as Exclude<typeof read, Promise<unknown> | undefined>
    const expected = JSON.parse(JSON.stringify({ ...data, evil }))
    expect(second.data).toEqual(expected)
    expect(Object.getPrototypeOf((second.data as unknown as { evil: object }).evil)).toBe(
      Object.prototype,
    )
    expect(Object.keys((second.data as unknown as { evil: object }).evil)).toEqual([
      '__proto__',
      'x',
    ])
    // What one request does to its copy reaches no other request.
    first!.data.user.name = 'Mallory'
    second.data.user.scope.push('music')
    ;(second.data.list[1] as { a: boolean[] }).a[0] = false
    const third = await sessions.open(request(pair(cookie)))
    expect(third?.data).toEqual(expected)
    expect(third?.data).not.toBe(second.data)
  })

  it('never takes a kept cookie for another one that ends the same way', async () => {
    const store = new MemoryTokenStore()
    const sessions = createWebSession<{ name: string }>({ secret, store })
    const { cookie, key } = await sessions.issue(request(), 'web', { name: 'Alice' })
    await store.set(key, tokens)
    const good = pair(cookie)
    expect((await sessions.open(request(good)))?.data).toEqual({ name: 'Alice' })
    // The same last characters, another cookie: it must be opened (and refused) on its own.
    const at = good.indexOf('.') + 10
    const twin = `${good.slice(0, at)}${good[at] === 'A' ? 'B' : 'A'}${good.slice(at + 1)}`
    expect(twin.slice(-40)).toBe(good.slice(-40))
    expect(await sessions.open(request(twin))).toBeUndefined()
    expect(await sessions.read(request(twin))).toBeUndefined()
    const again = sessions.read(request(good))
    expect(again).not.toBeInstanceOf(Promise)
    expect((again as { data: unknown } | undefined)?.data).toEqual({ name: 'Alice' })
  })

  it('gives each sign-in a new handle', async () => {
    const sessions = createWebSession({ secret, store: new MemoryTokenStore() })
    const a = await sessions.issue(request(), 'web', {})
    const b = await sessions.issue(request(), 'web', {})
    expect(a.key).not.toBe(b.key)
  })

  it('ends at the absolute and the idle lifetime, renewing the idle one as it is used', async () => {
    let now = 1_000_000_000_000
    const store = new MemoryTokenStore()
    const sessions = createWebSession({
      secret,
      store,
      maxAgeSeconds: 1000,
      idleSeconds: 100,
      now: () => now,
    })
    const { cookie, key } = await sessions.issue(request(), 'web', {})
    await store.set(key, tokens)
    now += 50_000
    const used = await sessions.open(request(pair(cookie)))
    expect(used?.renewed).toMatch(/Max-Age=100/)
    now += 80_000 // 130 s after sign-in: the first cookie is idle, the renewed one is not
    expect(await sessions.open(request(pair(cookie)))).toBeUndefined()
    let current = pair(used?.renewed as string)
    for (let i = 0; i < 20; i++) {
      const opened = await sessions.open(request(current))
      if (!opened) break
      if (opened.renewed) current = pair(opened.renewed)
      now += 60_000
    }
    expect(now - 1_000_000_000_000).toBeLessThan(1_100_000) // never past the absolute lifetime
    expect(await sessions.open(request(current))).toBeUndefined()
  })

  it('refuses a tampered, foreign or plain-http cookie behind https', async () => {
    const store = new MemoryTokenStore()
    const sessions = createWebSession({ secret, store })
    const { cookie, key } = await sessions.issue(request('', true), 'web', {})
    await store.set(key, tokens)
    expect(cookie).toMatch(/^__Host-lwa_session=.*; Secure$/)
    const value = pair(cookie).slice('__Host-lwa_session='.length)
    expect(await sessions.open(request(`__Host-lwa_session=${value}`, true))).toBeDefined()
    expect(await sessions.open(request(`lwa_session=${value}`, true))).toBeUndefined()
    expect(
      await sessions.open(request(`__Host-lwa_session=${value.slice(0, -4)}AAAA`, true)),
    ).toBeUndefined()
    const other = createWebSession({ secret: `${secret}-other`, store })
    expect(await other.open(request(`__Host-lwa_session=${value}`, true))).toBeUndefined()
  })

  it('read answers as open does, at once for a cookie opened before with a store that answers at once', async () => {
    let now = 1_000_000_000_000
    const store = new MemoryTokenStore()
    const sessions = createWebSession<{ name: string; list: number[] }>({
      secret,
      store,
      idleSeconds: 1000,
      now: () => now,
    })
    const { cookie, key } = await sessions.issue(request(), 'web', { name: 'Alice', list: [1] })
    await store.set(key, { ...tokens, expiresAt: now + 3600_000 })
    const req = () => request(pair(cookie))
    // Never opened: it waits for the decryption.
    const first = sessions.read(req())
    expect(first).toBeInstanceOf(Promise)
    expect(await first).toMatchObject({ key, data: { name: 'Alice' } })
    // Opened before: at once, a copy of its own each time.
    const second = sessions.read(req()) as { data: { list: number[] } }
    expect(second).not.toBeInstanceOf(Promise)
    expect(second).toMatchObject({ key, data: { name: 'Alice', list: [1] } })
    second.data.list.push(2)
    expect(sessions.read(req())).toMatchObject({ data: { list: [1] } })
    expect(sessions.read(request())).toBeUndefined()
    expect(sessions.read(request('lwa_session=v1.garbage'))).toBeInstanceOf(Promise)
    expect(await sessions.read(request('lwa_session=v1.garbage'))).toBeUndefined()
    // A renewal is due after a tenth of the idle lifetime: it waits for the new seal.
    now += 101_000
    const renewed = sessions.read(req())
    expect(renewed).toBeInstanceOf(Promise)
    expect(await renewed).toMatchObject({
      key,
      renewed: expect.stringMatching(/^lwa_session=v1\./),
    })
    // Signed out elsewhere: undefined, at once, as open says.
    await store.delete(key)
    expect(sessions.read(req())).toBeUndefined()
    expect(await sessions.open(req())).toBeUndefined()
  })

  it('reads a cookie it has opened before without checking its characters again, and answers as before for any other', async () => {
    const store = new MemoryTokenStore()
    const sessions = createWebSession<{ name: string }>({ secret, store })
    const { cookie, key } = await sessions.issue(request(), 'web', { name: 'Alice' })
    await store.set(key, tokens)
    const value = pair(cookie).slice('lwa_session='.length)
    const header = `a=1; lwa_session=${value}; b=2`
    expect(await sessions.read(request(header))).toMatchObject({ key }) // opened: now kept
    const test = RegExp.prototype.test
    const checked: string[] = []
    RegExp.prototype.test = function (this: RegExp, text: string) {
      checked.push(text)
      return test.call(this, text)
    }
    try {
      expect(sessions.read(request(header))).toMatchObject({ key, data: { name: 'Alice' } })
      expect(checked.filter((text) => text === value)).toEqual([])
      // A pair of that name that is not a cookie value is passed over, as before, for the next one.
      const bad = `lwa_session=${value}"x; lwa_session=${value}`
      expect(sessions.read(request(bad))).toMatchObject({ key })
      expect(sessions.read(request(`lwa_session="${value}`))).toBeUndefined()
    } finally {
      RegExp.prototype.test = test
    }
  })
})
