// createProviderFetch: the fetch a framework's own OAuth client (Auth.js) gets, over real HTTP
// against the emulator: the time budget, the caller's abort, and the code check before LWA.
import { describe, expect, it } from 'vitest'
import {
  createProviderFetch,
  LwaAbortError,
  LwaErrorCode,
  LwaNetworkError,
  LwaTimeoutError,
} from '../src/index.js'
import { DEMO, redirectUri, useEmulator } from './support.js'

const env = useEmulator()

function codeForm(code: string | string[]): URLSearchParams {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    redirect_uri: redirectUri,
    client_id: DEMO.webClientId,
    client_secret: DEMO.webClientSecret,
  })
  for (const c of Array.isArray(code) ? code : [code]) form.append('code', c)
  return form
}
const tokenCalls = () => env.emulator.requests().filter((r) => r.endpoint === 'token').length

describe('createProviderFetch', () => {
  it('passes a call through: the same status, headers and body', async () => {
    const fetch = createProviderFetch({ timeoutMs: 2000 })
    const res = await fetch(env.emulator.endpoints.tokenEndpoint, {
      method: 'POST',
      body: codeForm('ANnotAnIssuedCode'),
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/json/)
    expect(await res.json()).toMatchObject({ error: 'invalid_grant' })
    expect(tokenCalls()).toBe(1)
  })

  it('ends a slow answer at the time budget with LwaTimeoutError, naming the path only', async () => {
    env.emulator.injectFault({ endpoint: 'profile', kind: 'delay', delayMs: 3000, times: 1 })
    const fetch = createProviderFetch({ timeoutMs: 200 })
    const started = Date.now()
    const error = await fetch(
      `${env.emulator.endpoints.profileEndpoint}?access_token=Atza|secret`,
      {
        headers: { authorization: 'Bearer Atza|secret' },
      },
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LwaTimeoutError)
    expect((error as LwaTimeoutError).code).toBe(LwaErrorCode.Timeout)
    expect((error as Error).message).toContain('/user/profile')
    expect((error as Error).message).not.toContain('Atza')
    expect(Date.now() - started).toBeLessThan(2500)
  })

  it("keeps the caller's own abort: LwaAbortError", async () => {
    env.emulator.injectFault({ endpoint: 'profile', kind: 'delay', delayMs: 3000, times: 1 })
    const controller = new AbortController()
    const fetch = createProviderFetch({ timeoutMs: 5000 })
    setTimeout(() => controller.abort(new Error('gone')), 50)
    const error = await fetch(env.emulator.endpoints.profileEndpoint, {
      signal: controller.signal,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LwaAbortError)
    const already = await fetch(env.emulator.endpoints.profileEndpoint, {
      signal: controller.signal,
    }).catch((e: unknown) => e)
    expect(already).toBeInstanceOf(LwaAbortError)
  })

  it('a connection that fails is LwaNetworkError', async () => {
    env.emulator.injectFault({ endpoint: 'token', kind: 'reset', times: 1 })
    const fetch = createProviderFetch({ timeoutMs: 2000 })
    const error = await fetch(env.emulator.endpoints.tokenEndpoint, {
      method: 'POST',
      body: codeForm('ANsomeCode'),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LwaNetworkError)
  })

  it.each([
    ['4 KB', 'A'.repeat(4096)],
    ['a space', 'AN abc'],
    ['empty', ''],
    ['given twice', ['ANabc', 'ANabc']],
  ])(
    'refuses a code exchange for a code LWA never issues (%s), LWA never asked',
    async (_, code) => {
      const fetch = createProviderFetch({ timeoutMs: 2000 })
      const error = await fetch(env.emulator.endpoints.tokenEndpoint, {
        method: 'POST',
        body: codeForm(code),
      }).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: LwaErrorCode.MalformedResponse })
      expect(tokenCalls()).toBe(0)
    },
  )

  it('uses the fetch it is given, and takes a string body as a form', async () => {
    const seen: string[] = []
    const fetch = createProviderFetch({
      fetch: (input, init) => {
        seen.push(String(input))
        return globalThis.fetch(input, init)
      },
    })
    const body = codeForm('A'.repeat(3000)).toString()
    await expect(
      fetch(env.emulator.endpoints.tokenEndpoint, { method: 'POST', body }),
    ).rejects.toMatchObject({
      code: LwaErrorCode.MalformedResponse,
    })
    const res = await fetch(env.emulator.endpoints.tokenEndpoint, {
      method: 'POST',
      body: codeForm('ANfine').toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(400)
    expect(seen).toEqual([env.emulator.endpoints.tokenEndpoint])
  })
})
