// Core's device linking over real HTTP against the emulator on 127.0.0.1: the pending pair lives
// only in the sealed cookie, a status request asks LWA at most once and never before the pair's
// interval (a virtual clock for the app; the emulator counts the polls).
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createDeviceLinking,
  createLwaClient,
  type DeviceLinkingOptions,
  type LwaClient,
  sealValue,
  type WebAnswer,
  type WebRequest,
} from '../src/index.js'

const secret = 'a-core-device-secret-of-at-least-32-chars'
let emulator: Emulator
let lwa: LwaClient

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, options: { codePairIntervalSeconds: 5 } })
  lwa = createLwaClient({
    clientId: DEMO.deviceClientId,
    endpoints: emulator.endpoints,
    retries: 0,
  })
})
afterAll(() => emulator.close())
beforeEach(() => {
  emulator.reset()
  emulator.clearFaults()
  emulator.clearRequests()
})

const polls = () => emulator.requests().filter((r) => r.grant_type === 'device_code').length
const header = (answer: WebAnswer, name: string) =>
  answer.headers.filter(([n]) => n === name).map(([, v]) => v)
const body = (answer: WebAnswer) => JSON.parse(answer.body ?? 'null')

/** A browser's cookie for the next request, from an answer's Set-Cookie lines. */
class Browser {
  cookie = ''
  take(answer: WebAnswer) {
    for (const line of header(answer, 'set-cookie')) {
      const pair = line.split(';')[0] as string
      this.cookie = /Max-Age=0/.test(line) ? '' : pair
    }
    return answer
  }
  request(method = 'GET', extra: Record<string, string> = {}, secure = false): WebRequest {
    return {
      method,
      url: '/auth/amazon/device/status',
      headers: { host: 'app.example', ...(this.cookie ? { cookie: this.cookie } : {}), ...extra },
      secure,
    }
  }
}

function setup(extra: Partial<DeviceLinkingOptions> = {}) {
  const clock = { now: Date.now() }
  const linking = createDeviceLinking({
    client: lwa,
    secret,
    scope: ['profile', 'amazon_music:access'],
    now: () => clock.now,
    ...extra,
  })
  return { linking, clock, browser: new Browser() }
}

describe('createDeviceLinking', () => {
  it('starts: 201 with the code, ISO expiry and interval, the pair sealed in an HttpOnly cookie', async () => {
    const { linking, browser } = setup()
    const answer = browser.take(await linking.start(browser.request('POST')))
    expect(answer.status).toBe(201)
    expect(header(answer, 'cache-control')).toEqual(['no-store'])
    expect(header(answer, 'referrer-policy')).toEqual(['no-referrer'])
    const started = body(answer)
    expect(started).toMatchObject({ status: 'pending', reason: 'started', interval: 5 })
    expect(started.userCode).toMatch(/^[A-Z0-9]{6}$/)
    expect(started.verificationUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/code$/)
    expect(new Date(started.expiresAt).toISOString()).toBe(started.expiresAt)
    expect(answer.body).not.toMatch(/device_?code/i)
    expect(header(answer, 'set-cookie')[0]).toMatch(
      /^lwa_device=v1\.[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/,
    )
    expect(polls()).toBe(0)
  })

  it('behind https the cookie is __Host- and Secure', async () => {
    const { linking } = setup()
    const answer = await linking.start({ method: 'POST', url: '/', headers: {}, secure: true })
    expect(header(answer, 'set-cookie')[0]).toMatch(/^__Host-lwa_device=.*; Secure$/)
  })

  it('start is POST only and same-site only', async () => {
    const { linking, browser } = setup()
    const get = await linking.start(browser.request('GET'))
    expect([get.status, body(get).error, header(get, 'allow')[0]]).toEqual([
      405,
      'LWA_METHOD_NOT_ALLOWED',
      'POST',
    ])
    for (const headers of [
      { 'sec-fetch-site': 'cross-site' } as Record<string, string>,
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
    ]) {
      const refused = await linking.start(browser.request('POST', headers))
      expect([refused.status, body(refused).error]).toEqual([403, 'LWA_CROSS_SITE_REQUEST'])
    }
    expect(emulator.requests().filter((r) => r.endpoint === 'codepair')).toHaveLength(0)
  })

  it('asks LWA at most once per status request, never before the interval; slow_down doubles it', async () => {
    const { linking, clock, browser } = setup()
    browser.take(await linking.start(browser.request('POST')))
    // Before the interval: pending, and LWA is not asked.
    const early = await linking.status(browser.request())
    expect(early.status).toBe('pending')
    expect(body(early.answer)).toMatchObject({ reason: 'too_soon', interval: 5 })
    expect(header(early.answer, 'retry-after')).toEqual(['5'])
    expect(polls()).toBe(0)

    clock.now += 5000
    const first = await linking.status(browser.request())
    browser.take(first.answer)
    expect(body(first.answer)).toMatchObject({ reason: 'authorization_pending', interval: 5 })
    expect(polls()).toBe(1)
    expect((await linking.status(browser.request())).status).toBe('pending')
    expect(polls()).toBe(1)

    emulator.injectFault({ endpoint: 'token', kind: 'status', status: 429, times: 1 })
    clock.now += 5000
    const slow = browser.take((await linking.status(browser.request())).answer)
    expect(body(slow)).toMatchObject({ reason: 'slow_down', interval: 10 })
    expect(polls()).toBe(2)
    clock.now += 5000 // 5 s later: the doubled interval has not passed
    expect(body((await linking.status(browser.request())).answer).reason).toBe('too_soon')
    expect(polls()).toBe(2)
    clock.now += 5000
    expect(body((await linking.status(browser.request())).answer).reason).toBe(
      'authorization_pending',
    )
    expect(polls()).toBe(3)
  })

  it('linked: hands the tokens and the user to the adapter and clears the pending cookie', async () => {
    const { linking, clock, browser } = setup()
    const started = body(browser.take(await linking.start(browser.request('POST'))))
    emulator.approveDevice({ userCode: started.userCode, userId: DEMO.users.bob.userId })
    clock.now += 5000
    const outcome = await linking.status(browser.request())
    expect(outcome.status).toBe('linked')
    if (outcome.status !== 'linked') return
    expect(outcome.tokens.accessToken).toMatch(/^Atza\|/)
    expect(outcome.user).toMatchObject({ id: DEMO.users.bob.userId, name: DEMO.users.bob.name })
    expect(body(outcome.answer)).toEqual({ status: 'linked', user: outcome.user })
    expect(outcome.answer.body).not.toContain('Atza|')
    expect(header(outcome.answer, 'set-cookie')[0]).toMatch(/^lwa_device=; .*Max-Age=0/)
    expect(header(outcome.answer, 'cache-control')).toEqual(['no-store'])
  })

  it('denied is 403 and expired 410, from the error table, and both clear the cookie', async () => {
    const { linking, clock, browser } = setup()
    const started = body(browser.take(await linking.start(browser.request('POST'))))
    emulator.approveDevice({
      userCode: started.userCode,
      userId: DEMO.users.alice.userId,
      decision: 'deny',
    })
    clock.now += 5000
    const denied = await linking.status(browser.request())
    expect([denied.status, denied.answer.status, body(denied.answer)]).toEqual([
      'denied',
      403,
      expect.objectContaining({ status: 'denied', error: 'LWA_DEVICE_AUTHORIZATION_DENIED' }),
    ])
    expect(header(denied.answer, 'set-cookie')[0]).toMatch(/Max-Age=0/)

    browser.take(await linking.start(browser.request('POST')))
    emulator.clearRequests()
    clock.now += 601_000 // past the pair's expiry on the app's clock: no LWA call needed
    const expired = await linking.status(browser.request())
    expect([expired.answer.status, body(expired.answer).error]).toEqual([
      410,
      'LWA_CODE_PAIR_EXPIRED',
    ])
    expect(polls()).toBe(0)
  })

  it('refuses a missing, tampered, foreign or expired pending cookie: 400 LWA_SEALED_STATE_INVALID', async () => {
    const { linking, browser } = setup()
    browser.take(await linking.start(browser.request('POST')))
    const good = browser.cookie.slice('lwa_device='.length)
    const foreign = await sealValue(
      {
        d: 'x',
        u: 'ABC123',
        v: 'https://amazon.com/us/code',
        e: Date.now() + 600_000,
        i: 5,
        n: 0,
        s: [],
      },
      {
        secret: 'another-secret-of-at-least-32-characters!!',
        maxAgeSeconds: 600,
        purpose: 'lwa-kit/web/device-linking',
      },
    )
    const stale = await sealValue(
      {
        d: 'x',
        u: 'ABC123',
        v: 'https://amazon.com/us/code',
        e: Date.now() + 600_000,
        i: 5,
        n: 0,
        s: [],
      },
      {
        secret,
        maxAgeSeconds: 60,
        purpose: 'lwa-kit/web/device-linking',
        now: () => Date.now() - 3600_000,
      },
    )
    const tampered = `${good.slice(0, -4)}${good.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`
    for (const cookie of [
      '',
      `lwa_device=${tampered}`,
      `lwa_device=${foreign}`,
      `lwa_device=${stale}`,
    ]) {
      browser.cookie = cookie
      const outcome = await linking.status(browser.request())
      expect([outcome.status, outcome.answer.status, body(outcome.answer).error], cookie).toEqual([
        'none',
        400,
        'LWA_SEALED_STATE_INVALID',
      ])
    }
    expect(polls()).toBe(0)
  })

  it('refuses a cross-site status request', async () => {
    const { linking, browser } = setup()
    const outcome = await linking.status(browser.request('GET', { 'sec-fetch-site': 'cross-site' }))
    expect([outcome.answer.status, body(outcome.answer).error]).toEqual([
      403,
      'LWA_CROSS_SITE_REQUEST',
    ])
  })

  it('keeps the pair pending while LWA fails, and answers a start failure from the error table', async () => {
    const { linking, clock, browser } = setup()
    browser.take(await linking.start(browser.request('POST')))
    emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503 })
    clock.now += 5000
    const outcome = await linking.status(browser.request())
    expect(body(outcome.answer)).toMatchObject({ status: 'pending', reason: 'retry' })
    emulator.injectFault({ endpoint: 'codepair', kind: 'status', status: 500, times: 10 })
    const failed = await linking.start(browser.request('POST'))
    expect([failed.status, body(failed).error]).toEqual([502, 'LWA_SERVER_ERROR'])
  })

  it('refuses a verification_uri that is not https (502 LWA_MALFORMED_RESPONSE), never shown', async () => {
    const hostile = await startEmulator({
      port: 0,
      options: { verificationUri: 'javascript:alert(document.cookie)' },
    })
    try {
      const client = createLwaClient({
        clientId: DEMO.deviceClientId,
        endpoints: hostile.endpoints,
      })
      const { linking, browser } = setup({ client })
      const answer = await linking.start(browser.request('POST'))
      expect([answer.status, body(answer).error]).toEqual([502, 'LWA_MALFORMED_RESPONSE'])
      expect(answer.body).not.toContain('javascript')
      expect(header(answer, 'set-cookie')).toEqual([])
    } finally {
      await hostile.close()
    }
  })

  it('refuses a short secret at start-up', () => {
    expect(() => createDeviceLinking({ client: lwa, secret: 'short', scope: 'profile' })).toThrow(
      /32 characters/,
    )
  })
})
