import { describe, expect, it } from 'vitest'
import { InvalidGrantError, type LwaError } from '../src/index.js'
import { authorizeInBrowser, countRequests, DEMO, useEmulator, webClient } from './support.js'

const env = useEmulator()

async function signedIn() {
  const lwa = webClient(env.emulator)
  const { request, callbackUrl } = await authorizeInBrowser(env.emulator, lwa, {
    scope: 'profile',
  })
  return { lwa, tokens: await lwa.handleCallback(callbackUrl, request) }
}

describe('refresh against the emulator', () => {
  it('gets a new access token and keeps the refresh token', async () => {
    const { lwa, tokens } = await signedIn()
    const fresh = await lwa.refresh(tokens.refreshToken ?? '', { scope: tokens.scope })
    expect(fresh.accessToken).not.toBe(tokens.accessToken)
    expect(fresh.refreshToken).toBe(tokens.refreshToken)
    expect(fresh.scope).toEqual(['profile'])
    expect(countRequests(env.emulator, 'token', 'refresh_token')).toBe(1)
  })

  it("sends only the form's own fields, whatever Object.prototype carries", async () => {
    const { tokens } = await signedIn()
    const bodies: string[] = []
    const lwa = webClient(env.emulator, 'NA', {
      fetch: (input, init) => {
        bodies.push(String(init?.body ?? ''))
        return fetch(input, init)
      },
    })
    const proto = Object.prototype as Record<string, unknown>
    proto.injected = 'from-the-prototype'
    try {
      await lwa.refresh(tokens.refreshToken ?? '')
    } finally {
      delete proto.injected
    }
    expect(bodies).toHaveLength(1)
    expect(new URLSearchParams(bodies[0]).get('grant_type')).toBe('refresh_token')
    expect(bodies[0]).not.toContain('injected')
  })

  it('says the user must sign in again when the grant was revoked', async () => {
    const { lwa, tokens } = await signedIn()
    env.emulator.revoke({ userId: DEMO.users.alice.userId, clientId: DEMO.webClientId })
    const error = await lwa.refresh(tokens.refreshToken ?? '').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidGrantError)
    expect((error as InvalidGrantError).grant).toBe('refresh_token')
    expect((error as InvalidGrantError).retryable).toBe(false)
    expect((error as Error).message).toMatch(/sign in again/)
    // invalid_grant is final: never retried
    expect(countRequests(env.emulator, 'token', 'refresh_token')).toBe(1)
    // no token in the message or the JSON form
    const json = JSON.stringify((error as LwaError).toJSON())
    expect(json).not.toContain(tokens.refreshToken ?? 'never')
    expect(json).not.toContain('Atzr|')
  })

  it('refuses a refresh token of another client', async () => {
    const { tokens } = await signedIn()
    const device = webClient(env.emulator, 'NA', {
      clientId: DEMO.deviceClientId,
      clientSecret: undefined,
    })
    await expect(device.refresh(tokens.refreshToken ?? '')).rejects.toBeInstanceOf(
      InvalidGrantError,
    )
  })
})
