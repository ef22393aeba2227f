import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import {
  type BearerOutcome,
  createBearerCheck,
  type LwaClient,
  type TokenSet,
} from '../src/index.js'
import { authorizeInBrowser, countRequests, DEMO, useEmulator, webClient } from './support.js'

const ctx = useEmulator()

async function signedIn(lwa: LwaClient, region: 'NA' | 'EU' = 'NA'): Promise<TokenSet> {
  const { request, callbackUrl } = await authorizeInBrowser(ctx.emulator, lwa, {
    scope: 'profile',
    region,
  })
  return lwa.handleCallback(callbackUrl, request)
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })
const body = (outcome: BearerOutcome) =>
  outcome.ok ? undefined : JSON.parse(outcome.answer.body as string)
const header = (outcome: BearerOutcome, name: string) =>
  outcome.ok ? undefined : outcome.answer.headers.find(([n]) => n === name)?.[1]

describe('createBearerCheck against the emulator', () => {
  const check = () =>
    createBearerCheck({
      client: webClient(ctx.emulator, 'NA', { retries: 0, timeoutMs: 1200 }),
      realm: 'api"x',
    })

  it('accepts a token of this client, then answers it from the cache without waiting', async () => {
    const tokens = await signedIn(webClient(ctx.emulator))
    const bearerCheck = check()
    ctx.emulator.clearRequests()
    const first = bearerCheck.check(bearer(tokens.accessToken))
    expect(first).toBeInstanceOf(Promise)
    expect(await first).toMatchObject({ ok: true, info: { clientId: DEMO.webClientId } })
    const second = bearerCheck.check(bearer(tokens.accessToken))
    expect(second).not.toBeInstanceOf(Promise)
    expect(second).toMatchObject({ ok: true, token: tokens.accessToken })
    expect(countRequests(ctx.emulator, 'tokeninfo')).toBe(1)
  })

  it('answers a missing, repeated or garbled header, and a token of the wrong shape, without LWA', () => {
    const bearerCheck = check()
    const cases: [Record<string, string | string[]>, number, string, string][] = [
      [{}, 401, 'LWA_INVALID_TOKEN', 'Bearer realm="apix"'],
      [{ authorization: 'Basic abc' }, 401, 'LWA_INVALID_TOKEN', 'Bearer realm="apix"'],
      [
        { authorization: ['Bearer Atza|a', 'Bearer Atza|b'] },
        400,
        'LWA_INVALID_REQUEST',
        'Bearer realm="apix", error="invalid_request"',
      ],
      [
        { authorization: `Bearer Atza|${'a'.repeat(9000)}` },
        400,
        'LWA_INVALID_REQUEST',
        'Bearer realm="apix", error="invalid_request"',
      ],
      [
        { authorization: 'Bearer not-a-token' },
        401,
        'LWA_INVALID_TOKEN',
        'Bearer realm="apix", error="invalid_token"',
      ],
      [
        { authorization: 'Bearer Atzr|a-refresh-token' },
        401,
        'LWA_INVALID_TOKEN',
        'Bearer realm="apix", error="invalid_token"',
      ],
    ]
    for (const [headers, status, code, challenge] of cases) {
      const outcome = bearerCheck.check({ headers })
      expect(outcome).not.toBeInstanceOf(Promise)
      const sync = outcome as BearerOutcome
      expect(sync.ok ? 200 : sync.failure.status, JSON.stringify(headers).slice(0, 60)).toBe(status)
      expect(body(sync)).toMatchObject({ error: code })
      expect(header(sync, 'www-authenticate')).toBe(challenge)
      expect(header(sync, 'cache-control')).toBe('no-store')
    }
    expect(countRequests(ctx.emulator, 'tokeninfo')).toBe(0)
  })

  it('answers the common header and its variants alike, up to a 2048-character token', async () => {
    const tokens = await signedIn(webClient(ctx.emulator))
    const bearerCheck = check()
    await bearerCheck.check(bearer(tokens.accessToken))
    ctx.emulator.clearRequests()
    const token = tokens.accessToken
    // The quick path (`Bearer <token>`) and the general parser give the same cached answer.
    for (const authorization of [
      `Bearer ${token}`,
      `bearer ${token}`,
      `Bearer  ${token} `,
      [`Bearer ${token}`],
    ]) {
      const outcome = bearerCheck.check({ headers: { authorization } })
      expect(outcome, String(authorization).slice(0, 8)).toMatchObject({ ok: true, token })
    }
    // Refused without LWA whichever path reads them.
    for (const [authorization, status] of [
      [`Bearer ${token},x`, 400],
      [`Bearer ${token} x`, 400],
      [`Bearer Atza|${'a'.repeat(2044)}`, 401],
      [`Bearer Atza|a"b`, 401],
    ] as const) {
      const outcome = bearerCheck.check({ headers: { authorization } }) as BearerOutcome
      expect(outcome.ok ? 200 : outcome.failure.status, authorization.slice(-12)).toBe(status)
    }
    expect(countRequests(ctx.emulator, 'tokeninfo')).toBe(0)
    // 2048 characters in all is still a token's shape: it is asked about (and unknown to LWA).
    const longest = await bearerCheck.check(bearer(`Atza|${'a'.repeat(2043)}`))
    expect(body(longest)).toMatchObject({ error: 'LWA_INVALID_TOKEN' })
    expect(countRequests(ctx.emulator, 'tokeninfo')).toBe(1)
  })

  it('keys its cache with the given hash', async () => {
    const tokens = await signedIn(webClient(ctx.emulator))
    const hashed: string[] = []
    const bearerCheck = createBearerCheck({
      client: webClient(ctx.emulator),
      hash: (token) => {
        hashed.push(token)
        return `key:${token.length}`
      },
    })
    expect(await bearerCheck.check(bearer(tokens.accessToken))).toMatchObject({ ok: true })
    expect(bearerCheck.check(bearer(tokens.accessToken))).toMatchObject({ ok: true })
    // Once for the call to LWA, once for the cached answer.
    expect(hashed).toEqual([tokens.accessToken, tokens.accessToken])
  })

  it('refuses a token of another client (aud) and an unknown token with 401', async () => {
    const eu = await signedIn(webClient(ctx.emulator, 'EU'), 'EU')
    const foreign = await check().check(bearer(eu.accessToken))
    expect(body(foreign)).toMatchObject({ error: 'LWA_AUDIENCE_MISMATCH' })
    expect(header(foreign, 'www-authenticate')).toBe('Bearer realm="apix", error="invalid_token"')
    const unknown = await check().check(bearer(`Atza|${'x'.repeat(360)}`))
    expect(unknown.ok ? 200 : unknown.failure.status).toBe(401)
    expect(body(unknown)).toMatchObject({ error: 'LWA_INVALID_TOKEN' })
  })

  for (const [kind, code] of [
    ['status', 'LWA_SERVER_ERROR'],
    ['malformed', 'LWA_MALFORMED_RESPONSE'],
    ['reset', 'LWA_NETWORK_ERROR'],
    ['delay', 'LWA_TIMEOUT'],
  ] as const) {
    it(`answers 503 with Retry-After when token info fails (${kind}), and never rejects`, async () => {
      const tokens = await signedIn(webClient(ctx.emulator))
      ctx.emulator.injectFault({ endpoint: 'tokeninfo', kind, status: 500, delayMs: 2500 })
      const outcome = await check().check(bearer(tokens.accessToken))
      expect(outcome.ok ? 200 : outcome.failure.status).toBe(503)
      expect(body(outcome)).toMatchObject({ error: code })
      expect(header(outcome, 'retry-after')).toBe('5')
      expect(header(outcome, 'www-authenticate')).toBeUndefined()
      expect(outcome.ok ? '' : (outcome.answer.body as string)).not.toContain('Atza|')
    })
  }

  it('looks a token up in its cache first, where no token of the wrong shape ever enters', async () => {
    const tokens = await signedIn(webClient(ctx.emulator))
    // A real token info in front of the emulator's that also vouches for the token with a quote
    // after it (a shape the bearer check refuses unasked), so that one passes token info too.
    const tokenInfo = ctx.emulator.endpoints.tokenInfoEndpoint
    const server = createServer((req, res) => {
      const asked = new URL(req.url ?? '/', 'http://x').searchParams.get('access_token') ?? ''
      const url = `${tokenInfo}?access_token=${encodeURIComponent(asked.replace(/"$/, ''))}`
      fetch(url).then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': 'application/json' })
        res.end(await answer.text())
      })
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    try {
      const port = (server.address() as AddressInfo).port
      const lwa = webClient(ctx.emulator, 'NA', {
        endpoints: {
          ...ctx.emulator.endpoints,
          tokenInfoEndpoint: `http://127.0.0.1:${port}/auth/o2/tokeninfo`,
        },
      })
      const bearerCheck = createBearerCheck({ client: lwa, hash: (token) => `key:${token}` })
      const misshapen = `${tokens.accessToken}"`
      // Token info vouches for it, yet the verifier keeps it not: the bearer check, asking its
      // cache first, still refuses it unasked.
      await expect(bearerCheck.verifier.verify(misshapen)).resolves.toMatchObject({
        clientId: DEMO.webClientId,
      })
      expect(bearerCheck.verifier.size).toBe(0)
      ctx.emulator.clearRequests()
      expect(bearerCheck.check(bearer(misshapen))).toMatchObject({
        ok: false,
        failure: { status: 401, code: 'LWA_INVALID_TOKEN' },
      })
      expect(countRequests(ctx.emulator, 'tokeninfo')).toBe(0)
      // A token of the right shape is kept, and then answered from the cache, unasked.
      expect(await bearerCheck.check(bearer(tokens.accessToken))).toMatchObject({ ok: true })
      expect(bearerCheck.verifier.size).toBe(1)
      const cached = bearerCheck.check(bearer(tokens.accessToken))
      expect(cached).not.toBeInstanceOf(Promise)
      expect(cached).toMatchObject({ ok: true, token: tokens.accessToken })
      expect(countRequests(ctx.emulator, 'tokeninfo')).toBe(1)
      // The same token in a header the cache-first look-up does not read is still checked.
      expect(bearerCheck.check(bearer(`${tokens.accessToken} x`))).toMatchObject({
        failure: { status: 400 },
      })
      expect(
        bearerCheck.check({
          headers: { authorization: [`Bearer ${tokens.accessToken}`, 'Bearer y'] },
        }),
      ).toMatchObject({
        failure: { status: 400 },
      })
    } finally {
      server.close()
    }
  })

  it('refuses a checked token after the check in its own terms (refuse)', async () => {
    const tokens = await signedIn(webClient(ctx.emulator))
    const lwa = webClient(ctx.emulator, 'NA', { retries: 0, timeoutMs: 1200 })
    const bearerCheck = createBearerCheck({ client: lwa, realm: 'api', retryAfterSeconds: 7 })
    expect(await bearerCheck.check(bearer(tokens.accessToken))).toMatchObject({ ok: true })
    // The app's own rule turned the token down: 401 with the check's challenge (its realm).
    const refused = bearerCheck.refuse()
    expect(refused.failure).toMatchObject({ status: 401, code: 'LWA_INVALID_TOKEN' })
    expect(refused.challenge).toBe('Bearer realm="api", error="invalid_token"')
    expect(header(refused, 'www-authenticate')).toBe(refused.challenge)
    // A later call with the token (its profile): LWA calls the token invalid, or cannot answer.
    const unknown = await lwa.profile(`Atza|${'x'.repeat(360)}`).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(unknown).toBeDefined()
    const invalid = bearerCheck.refuse(unknown)
    expect(body(invalid)).toMatchObject({ error: 'LWA_INVALID_TOKEN' })
    expect(invalid.challenge).toBe('Bearer realm="api", error="invalid_token"')
    ctx.emulator.injectFault({ endpoint: 'profile', kind: 'status', status: 500 })
    const down = await lwa.profile(tokens.accessToken).then(
      () => undefined,
      (err: unknown) => err,
    )
    const unavailable = bearerCheck.refuse(down)
    expect(unavailable.failure).toMatchObject({ status: 503, code: 'LWA_SERVER_ERROR' })
    expect(unavailable.retryAfterSeconds).toBe(7)
    expect(header(unavailable, 'retry-after')).toBe('7')
    expect(unavailable.challenge).toBeUndefined()
    // Not an LWA error (a bug): 500, no detail.
    expect(bearerCheck.refuse(new TypeError('x')).failure.status).toBe(500)
  })
})
