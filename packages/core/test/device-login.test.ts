import { DEMO } from '@lwa-kit/emulator'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { parseCodePair, requestCodePair } from '../src/code-pair.js'
import { deviceLogin } from '../src/device-login.js'
import {
  CodePairExpiredError,
  InvalidArgumentError,
  LwaProtocolError,
  MalformedResponseError,
  UnknownScopeError,
} from '../src/errors.js'
import { createLwaClient, musicAndAlexa, scopes } from '../src/index.js'
import { polls, type VirtualSetup, virtualSetup } from './device-helpers.js'

let setup: VirtualSetup | undefined

afterEach(async () => {
  await setup?.emulator.close()
  setup = undefined
})

describe('requestCodePair', () => {
  it('asks create/codepair with response_type=device_code and returns the pair', async () => {
    setup = await virtualSetup()
    const s = setup
    const pair = await requestCodePair(s.ctx, { scope: scopes.music.access })
    expect(pair.userCode).toMatch(/^[A-Z0-9]{6}$/)
    expect(pair.deviceCode).toMatch(/^[0-9a-f-]{36}$/)
    expect(pair.verificationUri).toBe(`${s.emulator.url}/code`)
    expect(pair.expiresAt).toBe(s.now() + 600_000)
    expect(pair.interval).toBe(30)
    expect(pair.scope).toEqual(['amazon_music:access'])
    const log = s.emulator.requests()
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({
      method: 'POST',
      endpoint: 'codepair',
      client_id: DEMO.deviceClientId,
      status: 200,
    })
  })

  it('refuses a request without a scope before it is sent', async () => {
    setup = await virtualSetup()
    const s = setup
    for (const scope of ['', '   ', []] as const)
      await expect(requestCodePair(s.ctx, { scope })).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(requestCodePair(s.ctx, {} as unknown as { scope: string })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    expect(s.emulator.requests()).toHaveLength(0)
  })

  it('sends the locale as Accept-Language', async () => {
    setup = await virtualSetup()
    const s = setup
    const languages: (string | null)[] = []
    const lwa = createLwaClient({
      clientId: DEMO.deviceClientId,
      endpoints: s.emulator.endpoints,
      fetch: (input, init) => {
        languages.push(new Headers(init?.headers).get('accept-language'))
        return fetch(input, init)
      },
    })
    await lwa.requestCodePair({ scope: scopes.music.access, locale: 'de-DE' })
    await lwa.requestCodePair({ scope: scopes.music.access })
    expect(languages).toEqual(['de-DE', null])
  })

  it('surfaces what LWA refuses: unknown scope, missing Alexa device data', async () => {
    setup = await virtualSetup()
    const s = setup
    await expect(requestCodePair(s.ctx, { scope: 'music::nope' })).rejects.toBeInstanceOf(
      UnknownScopeError,
    )
    // alexa:all without scope_data is refused by core before sending…
    await expect(requestCodePair(s.ctx, { scope: scopes.alexaAll })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    // …and with incomplete device data by LWA.
    const thrown = await requestCodePair(s.ctx, {
      scope: scopes.alexaAll,
      scopeData: {
        'alexa:all': { productID: '', productInstanceAttributes: { deviceSerialNumber: '' } },
      },
    }).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(LwaProtocolError)
    expect((thrown as LwaProtocolError).error).toBe('invalid_request')
  })

  it('retries the pair request on a 5xx', async () => {
    setup = await virtualSetup()
    const s = setup
    s.emulator.injectFault({ endpoint: 'codepair', kind: 'status', status: 503, times: 1 })
    const pair = await requestCodePair(s.ctx, { scope: scopes.music.access })
    expect(pair.userCode).toMatch(/^[A-Z0-9]{6}$/)
    expect(s.emulator.requests().map((r) => r.status)).toEqual([503, 200])
  })
})

describe('parseCodePair', () => {
  it('accepts what LWA sends', () => {
    const pair = parseCodePair(
      {
        user_code: 'FUP8UN',
        device_code: '85581b0f-cf10-459e-b823-477a9220f958',
        interval: 30,
        verification_uri: 'https://amazon.com/us/code',
        expires_in: 600,
      },
      1000,
      ['amazon_music:access'],
    )
    expect(pair).toEqual({
      userCode: 'FUP8UN',
      deviceCode: '85581b0f-cf10-459e-b823-477a9220f958',
      verificationUri: 'https://amazon.com/us/code',
      expiresAt: 601_000,
      interval: 30,
      scope: ['amazon_music:access'],
    })
  })

  it('throws MalformedResponseError, and only that, for any other body', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            user_code: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
            device_code: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
            verification_uri: fc.oneof(fc.string(), fc.boolean()),
            expires_in: fc.oneof(fc.integer(), fc.string(), fc.double()),
            interval: fc.anything(),
          },
          { requiredKeys: [] },
        ),
        (body) => {
          try {
            const pair = parseCodePair(body as Record<string, unknown>, 0, [])
            expect(pair.userCode.length).toBeGreaterThan(0)
            expect(pair.deviceCode.length).toBeGreaterThan(0)
            expect(pair.verificationUri.length).toBeGreaterThan(0)
            expect(pair.expiresAt).toBeGreaterThan(0)
            expect(Number.isInteger(pair.interval) && pair.interval > 0).toBe(true)
          } catch (err) {
            expect(err).toBeInstanceOf(MalformedResponseError)
          }
        },
      ),
    )
  })
})

describe('deviceLogin', () => {
  it('requests a pair, shows the code without the device code, polls and returns tokens', async () => {
    setup = await virtualSetup()
    const s = setup
    const prompts: unknown[] = []
    const tokens = await deviceLogin(
      s.ctx,
      {
        scope: scopes.music.access,
        onCode: (prompt) => {
          prompts.push(prompt)
          s.emulator.approveDevice({ userCode: prompt.userCode })
        },
      },
      s.timing,
    )
    expect(tokens.accessToken).toMatch(/^Atza\|/)
    expect(prompts).toHaveLength(1)
    expect(Object.keys(prompts[0] as object).sort()).toEqual([
      'attempt',
      'expiresAt',
      'userCode',
      'verificationUri',
    ])
  })

  it('asks a fresh pair when one expires, with renewExpiredCode', async () => {
    setup = await virtualSetup()
    const s = setup
    const codes: string[] = []
    const tokens = await deviceLogin(
      s.ctx,
      {
        scope: scopes.music.access,
        intervalMs: 60_000,
        renewExpiredCode: true,
        onCode: ({ userCode, attempt }) => {
          codes.push(userCode)
          if (attempt === 2) s.emulator.approveDevice({ userCode })
        },
      },
      s.timing,
    )
    expect(tokens.accessToken).toMatch(/^Atza\|/)
    expect(codes).toHaveLength(2)
    expect(codes[0]).not.toBe(codes[1])
  })

  it('gives up after the allowed renewals, and without renewExpiredCode at the first expiry', async () => {
    setup = await virtualSetup()
    const s = setup
    let shown = 0
    const onCode = () => {
      shown++
    }
    const params = { scope: scopes.music.access, intervalMs: 60_000, onCode }
    await expect(
      deviceLogin(s.ctx, { ...params, renewExpiredCode: 2 }, s.timing),
    ).rejects.toBeInstanceOf(CodePairExpiredError)
    expect(shown).toBe(3)
    shown = 0
    await expect(deviceLogin(s.ctx, params, s.timing)).rejects.toBeInstanceOf(CodePairExpiredError)
    expect(shown).toBe(1)
  })

  it('links Amazon Music and Alexa on one client id with one consent', async () => {
    setup = await virtualSetup()
    const s = setup
    const lwa = createLwaClient({ clientId: DEMO.deviceClientId, endpoints: s.emulator.endpoints })
    let approvals = 0
    const pair = await lwa.requestCodePair({
      ...musicAndAlexa({ productId: 'LwaKitSpeaker', deviceSerialNumber: 'DSN-0001' }),
    })
    expect(pair.scope).toEqual(['amazon_music:access', 'alexa:all'])
    s.emulator.approveDevice({ userCode: pair.userCode })
    approvals++
    const tokens = await lwa.pollCodePair(pair, { intervalMs: 1000 })
    expect(approvals).toBe(1)
    expect(tokens.scope).toEqual(['amazon_music:access', 'alexa:all'])
    // The one grant reaches Amazon Music (the emulator's Music API checks the scope).
    const me = await fetch(`${s.emulator.endpoints.musicApiBase}/v1/me`, {
      headers: { authorization: `Bearer ${tokens.accessToken}`, 'x-api-key': DEMO.profileId },
    })
    expect(me.status).toBe(200)
    expect(s.emulator.requests().filter((r) => r.endpoint === 'codepair')).toHaveLength(1)
    expect(polls(s.emulator)).toHaveLength(1)
  })

  it('refuses a call without onCode', async () => {
    setup = await virtualSetup()
    const s = setup
    await expect(
      deviceLogin(s.ctx, { scope: scopes.music.access } as never, s.timing),
    ).rejects.toBeInstanceOf(InvalidArgumentError)
    expect(s.emulator.requests()).toHaveLength(0)
  })
})
