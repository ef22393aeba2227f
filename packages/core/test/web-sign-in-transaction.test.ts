import { describe, expect, it } from 'vitest'
import {
  createSessionStateStore,
  createSignInTransaction,
  createUsedNonceCache,
  InvalidArgumentError,
  type PendingSignIn,
  type SignInResult,
  type SignInStateStore,
  type SignInTransactionOptions,
  type WebAnswer,
  type WebRequest,
} from '../src/index.js'
import { DEMO, redirectUri, useEmulator, webClient } from './support.js'

const ctx = useEmulator()
const secret = 'a-core-test-secret-of-at-least-32-characters'

const cookieOf = (answer: WebAnswer) =>
  answer.headers.find(([n]) => n === 'set-cookie')?.[1]?.split(';')[0] ?? ''
const request = (url: string, cookie = '', extra: Record<string, string> = {}): WebRequest => ({
  method: 'GET',
  url,
  headers: { host: 'app.example', ...(cookie ? { cookie } : {}), ...extra },
  secure: false,
})
const code = (result: SignInResult<unknown>) => (result.ok ? 'ok' : result.failure.code)

describe('createSignInTransaction against the emulator', () => {
  const flow = () =>
    createSignInTransaction({
      client: webClient(ctx.emulator),
      redirectUri,
      secret,
      scope: 'profile',
      usedNonces: createUsedNonceCache(),
    })

  async function begin(signIn = flow(), returnTo?: unknown, decision: 'allow' | 'deny' = 'allow') {
    const started = await signIn.start(request('/login'), { returnTo })
    expect(started.status).toBe(302)
    expect(started.headers).toContainEqual(['cache-control', 'no-store'])
    expect(started.headers).toContainEqual(['referrer-policy', 'no-referrer'])
    const location = started.headers.find(([n]) => n === 'location')?.[1] as string
    const authorize = new URL(location)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    const { location: callbackUrl } = ctx.emulator.authorize({
      ...Object.fromEntries(authorize.searchParams),
      user_id: DEMO.users.alice.userId,
      decision,
    })
    const callback = new URL(callbackUrl)
    return { signIn, cookie: cookieOf(started), path: `${callback.pathname}${callback.search}` }
  }

  it('signs in: state checked, code swapped, user read, state cookie cleared, safe returnTo', async () => {
    const { signIn, cookie, path } = await begin(undefined, '/library')
    const result = await signIn.finish(request(path, cookie))
    expect(result).toMatchObject({
      ok: true,
      returnTo: '/library',
      user: { id: DEMO.users.alice.userId },
    })
    expect(result.cookies[0]).toMatch(/^lwa_state=; Path=\/; Max-Age=0/)
    const evil = await begin(undefined, '//evil.example')
    const second = await evil.signIn.finish(request(evil.path, evil.cookie))
    expect(second).toMatchObject({ ok: true, returnTo: '/' })
  })

  it('checks the state before the error parameters and keeps a sign-in in progress', async () => {
    const { signIn, cookie, path } = await begin()
    const forged = await signIn.finish(request('/callback?error=access_denied', cookie))
    expect(code(forged)).toBe('LWA_STATE_MISMATCH')
    expect(forged.ok ? 0 : forged.failure.status).toBe(400)
    expect(forged.cookies).toEqual([])
    const wrong = await signIn.finish(
      request(path.replace(/state=[^&]+/, `state=${'x'.repeat(43)}`), cookie),
    )
    expect(code(wrong)).toBe('LWA_STATE_MISMATCH')
    expect(wrong.cookies).toEqual([])
    expect(code(await signIn.finish(request(path, cookie)))).toBe('ok')
    // Single use: the same cookie and callback again.
    expect(code(await signIn.finish(request(path, cookie)))).toBe('LWA_SEALED_STATE_INVALID')
  })

  it('tells Cancel, a missing cookie, a repeated state or code, and no parameters apart', async () => {
    const denied = await begin(undefined, undefined, 'deny')
    const cancel = await denied.signIn.finish(request(denied.path, denied.cookie))
    expect(cancel.ok ? 0 : cancel.failure.status).toBe(403)
    expect(code(cancel)).toBe('LWA_ACCESS_DENIED')
    const { signIn, cookie, path } = await begin()
    expect(code(await signIn.finish(request(path)))).toBe('LWA_SEALED_STATE_INVALID')
    expect(code(await signIn.finish(request('/callback', cookie)))).toBe('LWA_STATE_MISMATCH')
    const state = new URL(path, 'http://x').searchParams.get('state')
    expect(code(await signIn.finish(request(`${path}&state=${state}`, cookie)))).toBe(
      'LWA_STATE_MISMATCH',
    )
    const twice = await signIn.finish(request(`${path}&code=again`, cookie))
    expect(code(twice)).toBe('LWA_INVALID_REQUEST')
    expect(twice.ok ? 0 : twice.failure.status).toBe(400)
  })

  it('refuses a cross-site login while a sign-in is in progress, and starts one otherwise', async () => {
    const { signIn, cookie } = await begin()
    const cross = await signIn.start(request('/login', cookie, { 'sec-fetch-site': 'cross-site' }))
    expect(cross.status).toBe(403)
    expect(JSON.parse(cross.body as string)).toMatchObject({ error: 'LWA_CROSS_SITE_REQUEST' })
    const fresh = await signIn.start(request('/login', '', { 'sec-fetch-site': 'cross-site' }))
    expect(fresh.status).toBe(302)
  })

  it('writes the __Host- cookie behind https, and a bad LWA answer is not the browser’s fault', async () => {
    const signIn = flow()
    const started = await signIn.start({ ...request('/login'), secure: true })
    expect(started.headers.find(([n]) => n === 'set-cookie')?.[1]).toMatch(
      /^__Host-lwa_state=.*; Secure$/,
    )
    const { cookie, path } = await begin(signIn)
    ctx.emulator.injectFault({ endpoint: 'token', kind: 'status', status: 500, times: 5 })
    const down = await signIn.finish(request(path, cookie))
    expect(down.ok ? 0 : down.failure.status).toBe(502)
    expect(code(down)).toBe('LWA_SERVER_ERROR')
  })

  it('refuses a short secret when made, and no secret without a store of its own', () => {
    expect(() =>
      createSignInTransaction({
        client: webClient(ctx.emulator),
        redirectUri,
        secret: 'short',
        scope: 'profile',
      }),
    ).toThrow(/32 characters/)
    expect(() =>
      createSignInTransaction({ client: webClient(ctx.emulator), redirectUri, scope: 'profile' }),
    ).toThrow(InvalidArgumentError)
  })

  it('refuses a malformed or empty scope when made, not at the first sign-in', () => {
    const secret = 'a-state-cookie-secret-of-32-chars!!'
    for (const scope of ['', 'profile "quoted"', ['profile', 'a\\b']])
      expect(
        () =>
          createSignInTransaction({ client: webClient(ctx.emulator), redirectUri, secret, scope }),
        JSON.stringify(scope),
      ).toThrow(InvalidArgumentError)
  })
})

describe('one transaction, each sign-in with its own redirect URI, scope and store', () => {
  /** One transaction with no redirect URI or scope of its own: each start gives them. */
  const bare = (extra: Partial<SignInTransactionOptions> = {}) =>
    createSignInTransaction({ client: webClient(ctx.emulator), secret, ...extra })
  const locationOf = (answer: WebAnswer) =>
    new URL(answer.headers.find(([n]) => n === 'location')?.[1] as string)
  /** Amazon's answer to `authorize` as the path and query the app's callback gets. */
  const approve = (authorize: URL, decision: 'allow' | 'deny' = 'allow') => {
    const { location } = ctx.emulator.authorize({
      ...Object.fromEntries(authorize.searchParams),
      user_id: DEMO.users.alice.userId,
      decision,
    })
    const callback = new URL(location)
    return `${callback.pathname}${callback.search}`
  }
  const tokenCalls = () => ctx.emulator.requests().filter((r) => r.endpoint === 'token')

  it('sends the start’s redirect URI, scope and scope_data, and swaps the code with that URI', async () => {
    const signIn = bare()
    const nest = DEMO.returnUrls.nestDemo
    const started = await signIn.start(request('/login'), {
      redirectUri: nest,
      scope: ['profile', 'postal_code'],
      scopeData: { profile: { essential: true } },
      extraParams: { language: 'ja' },
    })
    const authorize = locationOf(started)
    expect(authorize.searchParams.get('redirect_uri')).toBe(nest)
    expect(authorize.searchParams.get('scope')).toBe('profile postal_code')
    expect(JSON.parse(authorize.searchParams.get('scope_data') as string)).toEqual({
      profile: { essential: true },
    })
    expect(authorize.searchParams.get('language')).toBe('ja')
    const result = await signIn.finish(request(approve(authorize), cookieOf(started)))
    expect(result).toMatchObject({ ok: true, user: { postalCode: DEMO.users.alice.postalCode } })
    expect(tokenCalls().at(-1)?.status).toBe(200)
  })

  it('swaps the code with the finish’s redirect URI when one is given (another one: LWA_INVALID_GRANT)', async () => {
    const signIn = bare({ scope: 'profile' })
    const started = await signIn.start(request('/login'), { redirectUri })
    const result = await signIn.finish(request(approve(locationOf(started)), cookieOf(started)), {
      redirectUri: DEMO.returnUrls.nestDemo,
    })
    expect(code(result)).toBe('LWA_INVALID_GRANT')
    expect(result.ok ? 0 : result.failure.status).toBe(400)
    expect(tokenCalls().at(-1)?.status).toBe(400)
  })

  it('a start without a redirect URI anywhere rejects with InvalidArgumentError', async () => {
    await expect(bare().start(request('/login'), { scope: 'profile' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
  })

  it("pkce other than true, false or 'S256' is refused at once with InvalidArgumentError", () => {
    const client = webClient(ctx.emulator)
    for (const pkce of ['plain', 'S256 ', 1, null] as unknown as boolean[])
      expect(() => createSignInTransaction({ client, secret, pkce })).toThrow(InvalidArgumentError)
    expect(() => createSignInTransaction({ client, secret, pkce: 'S256' })).not.toThrow()
  })

  it('pkce: false sends no challenge and no verifier', async () => {
    // The token requests' bodies as sent, through a recording fetch in front of the real one.
    const bodies: string[] = []
    const recording: typeof fetch = (input, init) => {
      if (String(input).startsWith(ctx.emulator.endpoints.tokenEndpoint))
        bodies.push(String(init?.body ?? ''))
      return fetch(input, init)
    }
    const run = async (pkce: boolean | 'S256') => {
      const signIn = createSignInTransaction({
        client: webClient(ctx.emulator, 'NA', { fetch: recording }),
        secret,
        scope: 'profile',
        redirectUri,
        pkce,
      })
      const started = await signIn.start(request('/login'))
      const authorize = locationOf(started)
      expect(authorize.searchParams.has('code_challenge')).toBe(pkce !== false)
      expect(authorize.searchParams.has('code_challenge_method')).toBe(pkce !== false)
      const result = await signIn.finish(request(approve(authorize), cookieOf(started)))
      expect(code(result)).toBe('ok')
      return bodies.at(-1) as string
    }
    expect(await run(true)).toContain('code_verifier=')
    expect(await run('S256')).toContain('code_verifier=')
    expect(await run(false)).not.toContain('code_verifier')
  })

  it('pkce: false on one start keeps no verifier (a session store), and the state cookie refuses it', async () => {
    const bodies: string[] = []
    const recording: typeof fetch = (input, init) => {
      if (String(input).startsWith(ctx.emulator.endpoints.tokenEndpoint))
        bodies.push(String(init?.body ?? ''))
      return fetch(input, init)
    }
    const session: Record<string, unknown> = {}
    const store = createSessionStateStore({
      read: () => session.lwa,
      write: (value) => {
        session.lwa = value
      },
    })
    const signIn = createSignInTransaction({
      client: webClient(ctx.emulator, 'NA', { fetch: recording }),
      secret,
      scope: 'profile',
      redirectUri,
    })
    const started = await signIn.start(request('/login'), { store, pkce: false })
    const authorize = locationOf(started)
    expect(authorize.searchParams.has('code_challenge')).toBe(false)
    expect(session.lwa).not.toHaveProperty('codeVerifier')
    expect(code(await signIn.finish(request(approve(authorize)), { store }))).toBe('ok')
    expect(bodies.at(-1)).not.toContain('code_verifier')
    await expect(signIn.start(request('/login'), { pkce: false })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
  })

  it('keeps a sign-in in a session slot with the same checks, and hands back the app state', async () => {
    const session: Record<string, unknown> = {}
    const store = createSessionStateStore({
      read: () => session.lwa,
      write: (value) => {
        session.lwa = value
      },
    })
    const signIn = bare({ scope: 'profile', redirectUri, store })
    const started = await signIn.start(request('/login'), {
      returnTo: '/library',
      appState: { returnTo: '//evil.example', tab: 2 },
    })
    expect(started.headers.some(([n]) => n === 'set-cookie')).toBe(false)
    expect(session.lwa).toMatchObject({ returnTo: '/library', redirectUri })
    const path = approve(locationOf(started))
    const wrong = path.replace(/state=[^&]+/, `state=${'x'.repeat(43)}`)
    expect(code(await signIn.finish(request(wrong)))).toBe('LWA_STATE_MISMATCH')
    expect(code(await signIn.finish(request('/callback?error=access_denied')))).toBe(
      'LWA_STATE_MISMATCH',
    )
    expect(session.lwa).toBeDefined() // neither forged callback ended the sign-in
    // A cross-site login cannot replace it either.
    const cross = await signIn.start(request('/login', '', { 'sec-fetch-site': 'cross-site' }))
    expect(cross.status).toBe(403)
    const calls = tokenCalls().length
    const done = await signIn.finish(request(path))
    expect(done).toMatchObject({
      ok: true,
      returnTo: '/library',
      appState: { returnTo: '/', tab: 2 },
    })
    expect(session.lwa).toBeUndefined()
    expect(code(await signIn.finish(request(path)))).toBe('LWA_SEALED_STATE_INVALID')
    expect(tokenCalls()).toHaveLength(calls + 1)
  })

  it('refuses a session sign-in older than maxAgeSeconds, without a code exchange', async () => {
    let clock = Date.now()
    const session: Record<string, unknown> = {}
    const slot = {
      read: () => session.lwa,
      write: (value: unknown) => {
        session.lwa = value
      },
    }
    const store = createSessionStateStore(slot, { maxAgeSeconds: 60, now: () => clock })
    const signIn = bare({ scope: 'profile', redirectUri, store })
    const path = approve(locationOf(await signIn.start(request('/login'))))
    clock += 61_000
    const calls = tokenCalls().length
    const expired = await signIn.finish(request(path))
    expect(code(expired)).toBe('LWA_SEALED_STATE_INVALID')
    expect(expired.ok ? '' : (expired.error as Error).message).toMatch(/expired/)
    expect(tokenCalls()).toHaveLength(calls)
    // An expired sign-in is no longer in progress: a cross-site login may start a new one.
    const cross = await signIn.start(request('/login', '', { 'sec-fetch-site': 'cross-site' }))
    expect(cross.status).toBe(302)
  })

  it('sends the state a store made as its own handle, and a store that threw is a 500', async () => {
    const kept = new Map<string, PendingSignIn>()
    const store: SignInStateStore = {
      save: (_request, pending) => {
        kept.set('handle-of-the-store-0123456789', pending)
        return { state: 'handle-of-the-store-0123456789' }
      },
      load: (_request, provided) => {
        const pending = kept.get(provided)
        if (!pending) return { ok: false }
        return {
          ok: true,
          pending: { ...pending, state: provided },
          use: () => ({ ok: kept.delete(provided) }),
        }
      },
    }
    const signIn = bare({ scope: 'profile', redirectUri })
    const started = await signIn.start(request('/login'), { store })
    const authorize = locationOf(started)
    expect(authorize.searchParams.get('state')).toBe('handle-of-the-store-0123456789')
    const path = approve(authorize)
    expect(code(await signIn.finish(request(path), { store }))).toBe('ok')
    expect(code(await signIn.finish(request(path), { store }))).toBe('LWA_SEALED_STATE_INVALID')
    const broken: SignInStateStore = {
      ...store,
      load: () => Promise.reject(new Error('session store down')),
    }
    const down = await signIn.finish(request(path), { store: broken })
    expect(code(down)).toBe('LWA_INTERNAL')
    expect(down.ok ? 0 : down.failure.status).toBe(500)
  })

  it('reads the user with the finish’s own loader; its failure is the sign-in’s (LWA down: 502)', async () => {
    const client = webClient(ctx.emulator)
    const signIn = bare({ scope: 'profile', redirectUri })
    const run = async (fault: boolean) => {
      const started = await signIn.start(request('/login'))
      const path = approve(locationOf(started))
      if (fault)
        ctx.emulator.injectFault({ endpoint: 'profile', kind: 'status', status: 500, times: 5 })
      return signIn.finish(request(path, cookieOf(started)), {
        user: async (tokens) => ({ raw: (await client.profile(tokens.accessToken)).userId }),
      })
    }
    expect(await run(false)).toMatchObject({ ok: true, user: { raw: DEMO.users.alice.userId } })
    const down = await run(true)
    expect(code(down)).toBe('LWA_SERVER_ERROR')
    expect(down.ok ? 0 : down.failure.status).toBe(502)
  })
})
