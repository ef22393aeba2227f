import type { FaultEndpoint } from '@lwa-kit/emulator'
import { describe, expect, it } from 'vitest'
import {
  LwaAbortError,
  type LwaClient,
  LwaNetworkError,
  LwaServerError,
  LwaTimeoutError,
  MalformedResponseError,
  scopes,
  type TokenSet,
} from '../src/index.js'
import { authorizeInBrowser, countRequests, useEmulator, webClient } from './support.js'

const env = useEmulator()

interface Call {
  name: string
  endpoint: FaultEndpoint
  grantType?: string
  retried: boolean
  run(lwa: LwaClient, ctx: Prepared, timeoutMs?: number): Promise<unknown>
}

interface Prepared {
  tokens: TokenSet
  callbackUrl: string
  request: { state: string; codeVerifier: string; redirectUri: string }
}

// Every endpoint core's web flow calls, and whether the call may be retried.
const calls: Call[] = [
  {
    name: 'code exchange',
    endpoint: 'token',
    grantType: 'authorization_code',
    retried: false,
    run: (lwa, p, timeoutMs) => lwa.handleCallback(p.callbackUrl, p.request, { timeoutMs }),
  },
  {
    name: 'refresh',
    endpoint: 'token',
    grantType: 'refresh_token',
    retried: true,
    run: (lwa, p, timeoutMs) => lwa.refresh(p.tokens.refreshToken ?? '', { timeoutMs }),
  },
  {
    name: 'token info',
    endpoint: 'tokeninfo',
    retried: true,
    run: (lwa, p, timeoutMs) => lwa.verifyAccessToken(p.tokens.accessToken, { timeoutMs }),
  },
  {
    name: 'profile',
    endpoint: 'profile',
    retried: true,
    run: (lwa, p, timeoutMs) => lwa.profile(p.tokens.accessToken, { timeoutMs }),
  },
]

async function prepare(lwa: LwaClient): Promise<Prepared> {
  const first = await authorizeInBrowser(env.emulator, lwa, { scope: scopes.profile })
  const tokens = await lwa.handleCallback(first.callbackUrl, first.request)
  const next = await authorizeInBrowser(env.emulator, lwa, { scope: scopes.profile })
  env.emulator.clearRequests()
  return { tokens, callbackUrl: next.callbackUrl, request: next.request }
}

const attempts = (call: Call) => countRequests(env.emulator, call.endpoint, call.grantType)

describe('faults at each endpoint core calls', () => {
  for (const call of calls) {
    describe(call.name, () => {
      for (const status of [500, 503]) {
        it(`HTTP ${status} every time: LwaServerError, ${call.retried ? 'after 3 attempts' : 'never retried'}`, async () => {
          const lwa = webClient(env.emulator, 'NA', { retries: 2 })
          const prepared = await prepare(lwa)
          env.emulator.injectFault({ endpoint: call.endpoint, kind: 'status', status, times: 10 })
          const error = await call.run(lwa, prepared).catch((e: unknown) => e)
          expect(error).toBeInstanceOf(LwaServerError)
          expect((error as LwaServerError).status).toBe(status)
          expect((error as LwaServerError).retryable).toBe(true)
          expect(attempts(call)).toBe(call.retried ? 3 : 1)
        })
      }

      it(`HTTP 500 once: ${call.retried ? 'the retry succeeds' : 'fails, the code is not sent twice'}`, async () => {
        const lwa = webClient(env.emulator)
        const prepared = await prepare(lwa)
        env.emulator.injectFault({ endpoint: call.endpoint, kind: 'status', status: 500, times: 1 })
        const outcome = await call.run(lwa, prepared).then(
          () => 'ok',
          (e: unknown) => e,
        )
        if (call.retried) expect(outcome).toBe('ok')
        else expect(outcome).toBeInstanceOf(LwaServerError)
        const log = env.emulator
          .requests()
          .filter((r) => r.endpoint === call.endpoint)
          .map((r) => r.status)
        expect(log).toEqual(call.retried ? [500, 200] : [500])
      })

      it('a delay beyond the timeout: LwaTimeoutError within the budget', async () => {
        const lwa = webClient(env.emulator)
        const prepared = await prepare(lwa)
        env.emulator.injectFault({
          endpoint: call.endpoint,
          kind: 'delay',
          delayMs: 1500,
          times: 5,
        })
        const started = Date.now()
        const error = await call.run(lwa, prepared, 250).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(LwaTimeoutError)
        expect(Date.now() - started).toBeLessThan(1200)
      })

      it('a malformed body: MalformedResponseError, not retried', async () => {
        const lwa = webClient(env.emulator)
        const prepared = await prepare(lwa)
        env.emulator.injectFault({ endpoint: call.endpoint, kind: 'malformed', times: 5 })
        await expect(call.run(lwa, prepared)).rejects.toBeInstanceOf(MalformedResponseError)
        expect(attempts(call)).toBe(1)
      })

      it(`a reset connection: ${call.retried ? 'retried until it works' : 'LwaNetworkError, not retried'}`, async () => {
        const lwa = webClient(env.emulator)
        const prepared = await prepare(lwa)
        env.emulator.injectFault({ endpoint: call.endpoint, kind: 'reset', times: 2 })
        const outcome = await call.run(lwa, prepared).then(
          () => 'ok',
          (e: unknown) => e,
        )
        if (call.retried) {
          expect(outcome).toBe('ok')
          expect(attempts(call)).toBe(3)
        } else {
          expect(outcome).toBeInstanceOf(LwaNetworkError)
          expect(attempts(call)).toBe(1)
        }
      })
    })
  }
})

describe('abort', () => {
  it('stops a slow call at once with LwaAbortError', async () => {
    const lwa = webClient(env.emulator)
    const prepared = await prepare(lwa)
    env.emulator.injectFault({ endpoint: 'profile', kind: 'delay', delayMs: 1500, times: 1 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const started = Date.now()
    await expect(
      lwa.profile(prepared.tokens.accessToken, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(LwaAbortError)
    expect(Date.now() - started).toBeLessThan(1000)
  })
})

describe('redirects', () => {
  it('refuses a redirect from an LWA endpoint and never follows it with the token', async () => {
    const { createServer } = await import('node:http')
    let followed = 0
    const elsewhere = createServer((_req, res) => {
      followed++
      res.end('{}')
    })
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve))
    const target = `http://127.0.0.1:${(elsewhere.address() as { port: number }).port}/steal`
    const redirecting = createServer((_req, res) => {
      res.writeHead(307, { location: target })
      res.end()
    })
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve))
    const root = `http://127.0.0.1:${(redirecting.address() as { port: number }).port}`
    try {
      const lwa = webClient(env.emulator, 'NA', {
        endpoints: { ...env.emulator.endpoints, profileEndpoint: `${root}/user/profile` },
        retries: 0,
      })
      await expect(lwa.profile('Atza|token')).rejects.toBeInstanceOf(LwaNetworkError)
      expect(followed).toBe(0)
    } finally {
      redirecting.closeAllConnections()
      elsewhere.closeAllConnections()
      await new Promise((resolve) => redirecting.close(resolve))
      await new Promise((resolve) => elsewhere.close(resolve))
    }
  })
})
