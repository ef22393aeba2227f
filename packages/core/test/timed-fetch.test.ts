// A fetch that keeps the time budget itself (timedFetchKey), against the emulator over HTTP:
// core hands it the attempt's remaining time, and timeouts, retries and the caller's abort signal
// behave as with a plain fetch.
import { describe, expect, it } from 'vitest'
import {
  LwaAbortError,
  type LwaClient,
  LwaServerError,
  LwaTimeoutError,
  scopes,
  type TimedFetch,
  timedFetchKey,
} from '../src/index.js'
import { authorizeInBrowser, countRequests, useEmulator, webClient } from './support.js'

const env = useEmulator()

/** A fetch on the global one that carries a TimedFetch, and what each was called with. */
function timedTransport() {
  const plain: string[] = []
  const timed: { url: string; timeoutMs: number; signal: AbortSignal | undefined }[] = []
  const keep: TimedFetch = async (input, init, timeoutMs) => {
    timed.push({ url: input, timeoutMs, signal: init.signal ?? undefined })
    const limit = AbortSignal.timeout(timeoutMs)
    const signal = init.signal ? AbortSignal.any([limit, init.signal]) : limit
    const answer = await fetch(input, { ...init, signal })
    const body = await answer.arrayBuffer()
    return new Response(body, { status: answer.status, headers: answer.headers })
  }
  const transport = Object.assign(
    (input: RequestInfo | URL, init?: RequestInit) => {
      plain.push(String(input))
      return fetch(input, init)
    },
    { [timedFetchKey]: keep },
  ) as typeof fetch
  return { transport, plain, timed }
}

async function signedIn(lwa: LwaClient) {
  const { callbackUrl, request } = await authorizeInBrowser(env.emulator, lwa, {
    scope: scopes.profile,
  })
  const tokens = await lwa.handleCallback(callbackUrl, request)
  env.emulator.clearRequests()
  return tokens
}

describe('a fetch that keeps the time budget itself', () => {
  it('is the key registered as lwa-kit.timed-fetch', () => {
    expect(timedFetchKey).toBe(Symbol.for('lwa-kit.timed-fetch'))
  })

  it('gets every call with its remaining time; the plain fetch is not called', async () => {
    const { transport, plain, timed } = timedTransport()
    const lwa = webClient(env.emulator, 'NA', { fetch: transport, timeoutMs: 3000 })
    const tokens = await signedIn(lwa)
    const profile = await lwa.profile(tokens.accessToken)
    expect(profile.userId).toMatch(/^amzn1\.account\./)
    expect(plain).toEqual([])
    expect(timed.map((t) => new URL(t.url).pathname)).toEqual(['/auth/o2/token', '/user/profile'])
    for (const t of timed) {
      expect(t.timeoutMs).toBeGreaterThan(0)
      expect(t.timeoutMs).toBeLessThanOrEqual(3000)
      expect(t.signal).toBeUndefined()
    }
  })

  it('a slow answer: LwaTimeoutError with the budget in its message, within the budget', async () => {
    const { transport } = timedTransport()
    const lwa = webClient(env.emulator, 'NA', { fetch: transport })
    const tokens = await signedIn(lwa)
    env.emulator.injectFault({ endpoint: 'profile', kind: 'delay', delayMs: 1500, times: 5 })
    const started = Date.now()
    const error = await lwa.profile(tokens.accessToken, { timeoutMs: 250 }).catch((e) => e)
    expect(error).toBeInstanceOf(LwaTimeoutError)
    expect((error as Error).message).toBe('The profile request did not finish within 250 ms.')
    expect(Date.now() - started).toBeLessThan(1200)
  })

  it('retries as before: an HTTP 500 once is retried, with less time left', async () => {
    const { transport, timed } = timedTransport()
    const lwa = webClient(env.emulator, 'NA', { fetch: transport, timeoutMs: 5000 })
    const tokens = await signedIn(lwa)
    timed.length = 0
    env.emulator.injectFault({ endpoint: 'profile', kind: 'status', status: 500, times: 1 })
    await expect(lwa.profile(tokens.accessToken)).resolves.toMatchObject({
      userId: expect.any(String),
    })
    expect(countRequests(env.emulator, 'profile')).toBe(2)
    expect(timed).toHaveLength(2)
    expect(timed[1]?.timeoutMs).toBeLessThan(timed[0]?.timeoutMs as number)
  })

  it('fails as before when the server keeps failing: LwaServerError after the retries', async () => {
    const { transport } = timedTransport()
    const lwa = webClient(env.emulator, 'NA', { fetch: transport, retries: 1 })
    const tokens = await signedIn(lwa)
    env.emulator.injectFault({ endpoint: 'profile', kind: 'status', status: 503, times: 5 })
    await expect(lwa.profile(tokens.accessToken)).rejects.toBeInstanceOf(LwaServerError)
    expect(countRequests(env.emulator, 'profile')).toBe(2)
  })

  it("the caller's own signal still stops the call at once with LwaAbortError", async () => {
    const { transport, timed } = timedTransport()
    const lwa = webClient(env.emulator, 'NA', { fetch: transport })
    const tokens = await signedIn(lwa)
    timed.length = 0
    env.emulator.injectFault({ endpoint: 'profile', kind: 'delay', delayMs: 1500, times: 1 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const started = Date.now()
    await expect(
      lwa.profile(tokens.accessToken, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(LwaAbortError)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(timed[0]?.signal).toBe(controller.signal)
  })
})
