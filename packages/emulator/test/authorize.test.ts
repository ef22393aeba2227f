import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO, type Emulator, startEmulator } from '../src/index.js'
import { CALLBACK } from './helpers.js'

let emulator: Emulator
let loopback: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
  loopback = await startEmulator({
    options: { allowLoopbackIpRedirect: false, implicitGrant: true },
  })
})
afterAll(async () => {
  await emulator.close()
  await loopback.close()
})
beforeEach(() => emulator.reset())

function authUrl(params: Record<string, string>, base = emulator.endpoints.authorizationEndpoint) {
  return `${base}?${new URLSearchParams({
    client_id: DEMO.webClientId,
    scope: 'profile postal_code',
    response_type: 'code',
    redirect_uri: CALLBACK,
    state: 'st-1',
    ...params,
  })}`
}

async function get(url: string, cookie?: string) {
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} })
  return { res, text: await res.text() }
}

async function postForm(url: string, fields: Record<string, string>, cookie?: string) {
  const res = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields),
  })
  return { res, text: await res.text() }
}

const hidden = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? ''

describe('GET /ap/oa error pages (no redirect)', () => {
  it('an unknown client shows the generic "We\'re sorry!" page', async () => {
    const { res, text } = await get(authUrl({ client_id: 'amzn1.application-oa2-client.nope' }))
    expect(res.status).toBe(400)
    expect(res.headers.get('location')).toBeNull()
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    expect(text).toContain("We're sorry!")
    expect(text).toContain('400 Bad Request')
  })

  it('a client_id over 100 bytes is refused', async () => {
    const { res } = await get(authUrl({ client_id: 'x'.repeat(101) }))
    expect(res.status).toBe(400)
  })

  it('a client of another region is unknown there', async () => {
    const { res } = await get(authUrl({}, emulator.endpointsFor('EU').authorizationEndpoint))
    expect(res.status).toBe(400)
    const ok = await get(
      authUrl({ client_id: DEMO.euWebClientId }, emulator.endpointsFor('EU').authorizationEndpoint),
    )
    expect(ok.res.status).toBe(200)
  })

  it('a redirect URI not in the allowed list gets the whitelist message', async () => {
    for (const uri of [
      'http://localhost:3000/auth/amazon/callback?x=1',
      'https://evil.example/cb',
      'http://localhost:3000/other',
    ]) {
      const { res, text } = await get(authUrl({ redirect_uri: uri }))
      expect(res.status).toBe(400)
      expect(text).toContain('has not been whitelisted for your application')
    }
  })

  it('plain http on a public host is refused even when allowed', async () => {
    emulator.allowReturnUrl('http://app.example/cb')
    const { res } = await get(authUrl({ redirect_uri: 'http://app.example/cb' }))
    expect(res.status).toBe(400)
    emulator.allowReturnUrl('https://app.example/cb')
    expect((await get(authUrl({ redirect_uri: 'https://app.example/cb' }))).res.status).toBe(200)
  })

  it('http on 127.0.0.1 is allowed by default and refused with allowLoopbackIpRedirect: false', async () => {
    const uri = 'http://127.0.0.1:4567/cb'
    emulator.allowReturnUrl(uri)
    loopback.allowReturnUrl(uri)
    expect((await get(authUrl({ redirect_uri: uri }))).res.status).toBe(200)
    expect(
      (await get(authUrl({ redirect_uri: uri }, loopback.endpoints.authorizationEndpoint))).res
        .status,
    ).toBe(400)
  })

  it('an unknown scope shows "An unknown scope was requested"', async () => {
    const { res, text } = await get(authUrl({ scope: 'profile music::nonsense' }))
    expect(res.status).toBe(400)
    expect(text).toContain('An unknown scope was requested')
  })

  it('music scopes are unknown unless Amazon Music enabled the profile', async () => {
    const fe = emulator.endpointsFor('FE').authorizationEndpoint
    for (const scope of ['amazon_music:access', 'music::library:read']) {
      const { res, text } = await get(authUrl({ client_id: DEMO.feWebClientId, scope }, fe))
      expect(res.status).toBe(400)
      expect(text).toContain('An unknown scope was requested')
    }
    expect((await get(authUrl({ scope: 'music::library:read profile' }))).res.status).toBe(200)
  })

  it('alexa:all needs scope_data with productID and deviceSerialNumber', async () => {
    const bad = await get(authUrl({ scope: 'alexa:all amazon_music:access' }))
    expect(bad.res.status).toBe(400)
    const scopeData = JSON.stringify({
      'alexa:all': {
        productID: 'Speaker1',
        productInstanceAttributes: { deviceSerialNumber: '123' },
      },
    })
    const ok = await get(authUrl({ scope: 'alexa:all amazon_music:access', scope_data: scopeData }))
    expect(ok.res.status).toBe(200)
  })

  it('echoes request details HTML-escaped', async () => {
    const { text } = await get(authUrl({ client_id: '<script>alert(1)</script>' }))
    expect(text).not.toContain('<script>alert(1)</script>')
    expect(text).toContain('&lt;script&gt;')
  })

  it('POST /ap/oa is a 405 HTML page', async () => {
    const res = await fetch(emulator.endpoints.authorizationEndpoint, { method: 'POST' })
    expect(res.status).toBe(405)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
  })
})

describe('GET /ap/oa errors by redirect', () => {
  it('a missing or unsupported response_type redirects with an error and the state', async () => {
    const missing = await get(authUrl({ response_type: '' }).replace('response_type=&', ''))
    expect(missing.res.status).toBe(302)
    const loc = new URL(missing.res.headers.get('location')!)
    expect(loc.searchParams.get('error')).toBe('invalid_request')
    expect(loc.searchParams.get('state')).toBe('st-1')
    const token = await get(authUrl({ response_type: 'token' }))
    expect(new URL(token.res.headers.get('location')!).searchParams.get('error')).toBe(
      'unsupported_response_type',
    )
  })

  it('an unknown code_challenge_method redirects with invalid_request', async () => {
    const { res } = await get(
      authUrl({ code_challenge: 'a'.repeat(43), code_challenge_method: 'S512' }),
    )
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_request')
  })
})

describe('sign-in and consent pages', () => {
  async function signIn(
    email: string = DEMO.users.alice.email,
    password: string = DEMO.users.alice.password,
  ) {
    const page = await get(authUrl({}))
    expect(page.res.status).toBe(200)
    expect(page.text).toContain('Sign in')
    const txn = hidden(page.text, 'txn')
    return postForm(`${emulator.url}/ap/signin`, { txn, email, password })
  }

  it('a wrong password or email re-shows the sign-in page with an error', async () => {
    const wrong = await signIn(DEMO.users.alice.email, 'nope')
    expect(wrong.res.status).toBe(200)
    expect(wrong.text).toContain('Your password is incorrect')
    expect(wrong.res.headers.get('set-cookie')).toBeNull()
    const unknown = await signIn('nobody@example.com', 'x')
    expect(unknown.text).toContain('We cannot find an account with that email address')
  })

  it('sign-in sets an HttpOnly SameSite=Lax cookie and shows consent naming each scope', async () => {
    const { res, text } = await signIn()
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(text).toContain('Your name and email address')
    expect(text).toContain('Your postal code')
    expect(text).toContain('LWA Kit Demo')
  })

  it('Allow redirects with code, scope and state; consent is then remembered', async () => {
    const signedIn = await signIn()
    const cookie = signedIn.res.headers.get('set-cookie')!.split(';')[0]!
    const allow = await postForm(
      `${emulator.url}/ap/consent`,
      { txn: hidden(signedIn.text, 'txn'), decision: 'allow' },
      cookie,
    )
    expect(allow.res.status).toBe(302)
    const loc = new URL(allow.res.headers.get('location')!)
    expect(`${loc.origin}${loc.pathname}`).toBe(CALLBACK)
    expect(loc.searchParams.get('code')).toMatch(/^AN[A-Za-z]{18}$/)
    expect(loc.searchParams.get('scope')).toBe('profile postal_code')
    expect(loc.searchParams.get('state')).toBe('st-1')
    // Same scopes again: no consent page, straight back with a code.
    const again = await get(authUrl({ state: 'st-2' }), cookie)
    expect(again.res.status).toBe(302)
    expect(new URL(again.res.headers.get('location')!).searchParams.get('code')).toBeTruthy()
    // Different scopes: consent is asked again.
    const more = await get(authUrl({ scope: 'profile' }), cookie)
    expect(more.res.status).toBe(200)
    expect(more.text).toContain('consent-allow')
  })

  it("Cancel redirects with access_denied and Amazon's description", async () => {
    const signedIn = await signIn()
    const cookie = signedIn.res.headers.get('set-cookie')!.split(';')[0]!
    const cancel = await postForm(
      `${emulator.url}/ap/consent`,
      { txn: hidden(signedIn.text, 'txn'), decision: 'deny' },
      cookie,
    )
    const location = cancel.res.headers.get('location')!
    expect(location).toBe(
      `${CALLBACK}?error_description=Access%20not%20permitted.&error=access_denied&state=st-1`,
    )
  })

  it('consent without a session or with an unknown transaction is an error page', async () => {
    const res = await postForm(`${emulator.url}/ap/consent`, { txn: 'nope', decision: 'allow' })
    expect(res.res.status).toBe(400)
    expect(res.text).toContain("We're sorry!")
  })

  it('profile:user_id alone needs no consent', async () => {
    const signedIn = await signIn()
    const cookie = signedIn.res.headers.get('set-cookie')!.split(';')[0]!
    const res = await get(authUrl({ scope: 'profile:user_id' }), cookie)
    expect(res.res.status).toBe(302)
  })
})

describe('options', () => {
  it('implicitGrant: true returns a token in the fragment', async () => {
    const { location } = loopback.authorize({
      client_id: DEMO.webClientId,
      response_type: 'token',
      scope: 'profile',
      redirect_uri: CALLBACK,
      state: 'abc',
    })
    const fragment = new URLSearchParams(new URL(location).hash.slice(1))
    expect(fragment.get('access_token')).toMatch(/^Atza\|/)
    expect(fragment.get('token_type')).toBe('bearer')
    expect(fragment.get('state')).toBe('abc')
  })
})
