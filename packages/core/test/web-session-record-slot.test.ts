import { describe, expect, it } from 'vitest'
import {
  createSessionStateStore,
  createSignInTransaction,
  type SignInResult,
  sessionRecordSlot,
  type WebRequest,
} from '../src/index.js'
import { DEMO, redirectUri, useEmulator, webClient } from './support.js'

const ctx = useEmulator()
const secret = 'a-core-test-secret-of-at-least-32-characters'
const request = (url: string): WebRequest => ({
  method: 'GET',
  url,
  headers: { host: 'app.example' },
  secure: false,
})
const code = (result: SignInResult<unknown>) => (result.ok ? 'ok' : result.failure.code)

describe('sessionRecordSlot against the emulator', () => {
  const signIn = () =>
    createSignInTransaction({
      client: webClient(ctx.emulator),
      redirectUri,
      secret,
      scope: 'profile',
    })

  async function approved(session: Record<string, unknown>, key: string) {
    const store = createSessionStateStore(sessionRecordSlot(session, key))
    const transaction = signIn()
    const started = await transaction.start(request('/login'), { store })
    const location = new URL(started.headers.find(([n]) => n === 'location')?.[1] as string)
    const { location: callbackUrl } = ctx.emulator.authorize({
      ...Object.fromEntries(location.searchParams),
      user_id: DEMO.users.alice.userId,
    })
    const callback = new URL(callbackUrl)
    return { store, transaction, path: `${callback.pathname}${callback.search}` }
  }

  it('keeps the sign-in under record.state, then removes a record that holds nothing else', async () => {
    const session: Record<string, unknown> = { other: 1 }
    const { store, transaction, path } = await approved(session, 'oauth2:www.amazon.com')
    expect(session['oauth2:www.amazon.com']).toEqual({
      state: expect.objectContaining({ redirectUri }),
    })
    expect(code(await transaction.finish(request(path), { store }))).toBe('ok')
    expect(session).toEqual({ other: 1 })
    // Used up: the same callback again finds no sign-in.
    expect(code(await transaction.finish(request(path), { store }))).toBe(
      'LWA_SEALED_STATE_INVALID',
    )
  })

  it("keeps the record's other fields, and a slot of another name", async () => {
    const session: Record<string, unknown> = { lwa: { flash: 'hi' } }
    const { store, transaction, path } = await approved(session, 'lwa')
    expect(session.lwa).toMatchObject({ flash: 'hi', state: expect.any(Object) })
    expect(code(await transaction.finish(request(path), { store }))).toBe('ok')
    expect(session).toEqual({ lwa: { flash: 'hi' } })
    const slot = sessionRecordSlot(session, 'lwa', 'pending')
    expect(slot.read()).toBeUndefined()
    slot.write(undefined)
    expect(session).toEqual({ lwa: { flash: 'hi' } })
  })
})
