import { describe, expect, it } from 'vitest'
import {
  createLwaClient,
  fetchProfileWithBody,
  InvalidTokenError,
  LwaProtocolError,
  parseProfile,
  profileJson,
  scopes,
} from '../src/index.js'
import { authorizeInBrowser, DEMO, useEmulator, webClient } from './support.js'

const env = useEmulator()
const bob = DEMO.users.bob

async function profileFor<S extends string>(scope: S[]) {
  const urls: string[] = []
  const headers: Headers[] = []
  // A fetch that only watches what goes out, then sends it for real.
  const watching: typeof fetch = (input, init) => {
    urls.push(String(input))
    headers.push(new Headers(init?.headers))
    return fetch(input, init)
  }
  const lwa = webClient(env.emulator, 'NA', { fetch: watching })
  const { request, callbackUrl } = await authorizeInBrowser(env.emulator, lwa, {
    scope,
    userId: bob.userId,
  })
  const tokens = await lwa.handleCallback(callbackUrl, request)
  urls.length = 0
  headers.length = 0
  const me = await lwa.profile(tokens.accessToken, { scope })
  return { me, urls, headers, tokens, lwa }
}

describe('profile against the emulator', () => {
  it('gives name and email for profile, with the token in the Authorization header only', async () => {
    const { me, urls, headers, tokens } = await profileFor([scopes.profile])
    expect(me).toEqual({ userId: bob.userId, name: bob.name, email: bob.email })
    // typed by scope: name and email are strings here
    const name: string = me.name
    expect(name).toBe(bob.name)
    expect(urls).toEqual([env.emulator.endpoints.profileEndpoint])
    expect(urls[0]).not.toContain('access_token')
    expect(headers[0]?.get('authorization')).toBe(`Bearer ${tokens.accessToken}`)
  })

  it('hands on the body exactly as received with fetchProfileWithBody', async () => {
    const bodies: string[] = []
    // A fetch that keeps a copy of each answer's text, then hands the answer on untouched.
    const watching: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      bodies.push(await response.clone().text())
      return response
    }
    const lwa = webClient(env.emulator, 'NA', { fetch: watching })
    const { request, callbackUrl } = await authorizeInBrowser(env.emulator, lwa, {
      scope: [scopes.profile],
      userId: bob.userId,
    })
    const tokens = await lwa.handleCallback(callbackUrl, request)
    bodies.length = 0
    const answer = await fetchProfileWithBody(lwa, tokens.accessToken, { scope: [scopes.profile] })
    expect(answer.body).toBe(bodies[0])
    expect(answer.json).toEqual(JSON.parse(bodies[0]!))
    expect(answer.profile).toEqual({ userId: bob.userId, name: bob.name, email: bob.email })
  })

  it("names a profile's fields as LWA sent them (profileJson), for each scope", async () => {
    for (const scope of [[scopes.profileUserId], [scopes.profile, scopes.postalCode]]) {
      const lwa = webClient(env.emulator)
      const { request, callbackUrl } = await authorizeInBrowser(env.emulator, lwa, {
        scope,
        userId: bob.userId,
      })
      const tokens = await lwa.handleCallback(callbackUrl, request)
      const { profile, json } = await fetchProfileWithBody(lwa, tokens.accessToken, { scope })
      expect(profileJson(profile), scope.join(' ')).toEqual(json)
      expect(parseProfile(profileJson(profile), scope)).toEqual(profile)
    }
  })

  it('gives only the user id for profile:user_id', async () => {
    const { me } = await profileFor([scopes.profileUserId])
    expect(me).toEqual({ userId: bob.userId })
  })

  it('adds the postal code for postal_code', async () => {
    const { me } = await profileFor([scopes.profile, scopes.postalCode])
    expect(me).toEqual({
      userId: bob.userId,
      name: bob.name,
      email: bob.email,
      postalCode: bob.postalCode,
    })
  })

  it('refuses an invalid token and a token without a profile scope', async () => {
    const lwa = createLwaClient({ clientId: DEMO.webClientId, endpoints: env.emulator.endpoints })
    await expect(lwa.profile('Atza|nope')).rejects.toBeInstanceOf(InvalidTokenError)
    const web = webClient(env.emulator)
    const { request, callbackUrl } = await authorizeInBrowser(env.emulator, web, {
      scope: [scopes.music.libraryRead],
    })
    const tokens = await web.handleCallback(callbackUrl, request)
    const error = await web.profile(tokens.accessToken).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LwaProtocolError)
    expect((error as LwaProtocolError).status).toBe(403)
    expect((error as LwaProtocolError).error).toBe('insufficient_scope')
  })
})
