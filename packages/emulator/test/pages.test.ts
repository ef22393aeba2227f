import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { cloneConfig } from '../src/config.js'
import { DEMO, demoConfig, type Emulator, startEmulator } from '../src/index.js'
import { CALLBACK } from './helpers.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())
beforeEach(() => emulator.reset())

function authUrl(
  params: Record<string, string> = {},
  base = emulator.endpoints.authorizationEndpoint,
) {
  return `${base}?${new URLSearchParams({
    client_id: DEMO.webClientId,
    scope: 'profile',
    response_type: 'code',
    redirect_uri: CALLBACK,
    state: 'p1',
    ...params,
  })}`
}

const hidden = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? ''

async function postForm(path: string, fields: Record<string, string>, cookie?: string) {
  const res = await fetch(`${emulator.url}${path}`, {
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

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!

describe('the sign-in page', () => {
  it('shows the demo users with the demo configuration only', async () => {
    const demo = await (await fetch(authUrl())).text()
    expect(demo).toContain('id="demo-credentials"')
    expect(demo).toContain(DEMO.users.alice.password)
    const own = await startEmulator({ config: cloneConfig(demoConfig) })
    try {
      const html = await (await fetch(authUrl({}, own.endpoints.authorizationEndpoint))).text()
      expect(html).toContain('id="ap_email"')
      expect(html).not.toContain('demo-credentials')
      expect(html).not.toContain(DEMO.users.alice.password)
    } finally {
      await own.close()
    }
  })

  it('keeps the "to continue to" subtitle after a wrong password', async () => {
    const page = await (await fetch(authUrl())).text()
    expect(page).toContain('to continue to <strong>LWA Kit Demo</strong>')
    const wrong = await postForm('/ap/signin', {
      txn: hidden(page, 'txn'),
      email: DEMO.users.alice.email,
      password: 'wrong',
    })
    expect(wrong.text).toContain('Your password is incorrect')
    expect(wrong.text).toContain('to continue to <strong>LWA Kit Demo</strong>')
    expect(hidden(wrong.text, 'txn')).toBe(hidden(page, 'txn'))
    expect(wrong.text).toContain(`value="${DEMO.users.alice.email}"`)
  })
})

describe('the error page gives a reason for an unknown client id', () => {
  it.each([
    [
      { client_id: 'amzn1.application-oa2-client.nope' },
      'NA',
      'No security profile of this emulator has this client_id',
    ],
    [{ client_id: DEMO.euWebClientId }, 'NA', 'belongs to a EU security profile'],
    [{ client_id: DEMO.webClientId }, 'EU', 'use /ap/oa instead'],
    [{ client_id: '' }, 'NA', 'has no client_id'],
    [{ client_id: 'x'.repeat(101) }, 'NA', 'longer than 100 bytes'],
  ] as const)('%j at %s', async (params, region, reason) => {
    const res = await fetch(authUrl(params, emulator.endpointsFor(region).authorizationEndpoint))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain("We're sorry!")
    expect(html).toMatch(/id="unknown-client-reason">[^<]*/)
    expect(html).toContain(reason)
  })
})

describe('favicon', () => {
  it('GET /favicon.ico (any region prefix) is an icon, and every page links it', async () => {
    for (const path of ['/favicon.ico', '/eu/favicon.ico']) {
      const res = await fetch(`${emulator.url}${path}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/x-icon')
      const bytes = new Uint8Array(await res.arrayBuffer())
      expect([...bytes.slice(0, 6)]).toEqual([0, 0, 1, 0, 1, 0])
      expect(bytes.length).toBe(22 + 40 + 16 * 16 * 4 + 64)
    }
    expect(await (await fetch(authUrl())).text()).toContain('<link rel="icon" href="/favicon.ico">')
  })
})

describe('sign out and switch account', () => {
  it('"Not you?" on the consent page ends the session and signs in another user', async () => {
    const page = await (await fetch(authUrl())).text()
    const txn = hidden(page, 'txn')
    const alice = await postForm('/ap/signin', {
      txn,
      email: DEMO.users.alice.email,
      password: DEMO.users.alice.password,
    })
    const aliceCookie = cookieOf(alice.res)
    expect(alice.text).toContain('Signed in as <strong id="signed-in-user">Alice Example</strong>')
    expect(alice.text).toContain('id="switch-account"')
    expect(alice.text).toContain('action="/ap/signout"')
    const out = await postForm('/ap/signout', { txn: hidden(alice.text, 'txn') }, aliceCookie)
    expect(out.res.status).toBe(200)
    expect(out.res.headers.get('set-cookie')).toMatch(/Max-Age=0/)
    expect(out.text).toContain('id="ap_email"')
    expect(out.text).toContain('to continue to <strong>LWA Kit Demo</strong>')
    // The old session is gone on the server, not only in this browser.
    const codePage = await fetch(`${emulator.url}/code`, { headers: { cookie: aliceCookie } })
    expect(await codePage.text()).toContain('id="ap_email"')
    const bob = await postForm('/ap/signin', {
      txn: hidden(out.text, 'txn'),
      email: DEMO.users.bob.email,
      password: DEMO.users.bob.password,
    })
    expect(bob.text).toContain('Signed in as <strong id="signed-in-user">Bob Example</strong>')
    const allow = await postForm(
      '/ap/consent',
      { txn: hidden(bob.text, 'txn'), decision: 'allow' },
      cookieOf(bob.res),
    )
    expect(allow.res.status).toBe(302)
    const code = new URL(allow.res.headers.get('location')!).searchParams.get('code')!
    const tokens = await fetch(emulator.endpoints.tokenEndpoint, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: CALLBACK,
        client_id: DEMO.webClientId,
        client_secret: DEMO.webClientSecret,
      }),
    })
    const { access_token } = (await tokens.json()) as { access_token: string }
    const me = await fetch(emulator.endpoints.profileEndpoint, {
      headers: { authorization: `Bearer ${access_token}` },
    })
    expect(((await me.json()) as { email: string }).email).toBe(DEMO.users.bob.email)
  })

  it('the code-entry page signs out back to its own sign-in', async () => {
    const signIn = await postForm('/ap/signin', {
      flow: 'code',
      email: DEMO.users.alice.email,
      password: DEMO.users.alice.password,
    })
    const cookie = cookieOf(signIn.res)
    const codePage = await (await fetch(`${emulator.url}/code`, { headers: { cookie } })).text()
    expect(codePage).toContain('id="switch-account"')
    expect(hidden(codePage, 'flow')).toBe('code')
    const out = await postForm('/ap/signout', { flow: 'code' }, cookie)
    expect(out.res.status).toBe(303)
    expect(out.res.headers.get('location')).toBe('/code')
    expect(await (await fetch(`${emulator.url}/code`, { headers: { cookie } })).text()).toContain(
      'id="ap_email"',
    )
  })

  it('without a live sign-in request it says you are signed out', async () => {
    const out = await postForm('/ap/signout', {})
    expect(out.res.status).toBe(200)
    expect(out.text).toContain('You are signed out')
  })
})
