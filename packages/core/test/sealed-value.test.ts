import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, openState, openValue, sealState, sealValue } from '../src/index.js'

const secret = 'a-very-long-test-secret-of-at-least-32-chars'
const purpose = 'test/session'
const value = { userId: 'amzn1.account.X', name: 'Ada ✓', tags: ['a', 'b'], n: 3, ok: true }

describe('sealed values', () => {
  it('round-trips a JSON value with its expiry, encrypted', async () => {
    const sealed = await sealValue(value, { secret, maxAgeSeconds: 60, purpose, now: () => 5_000 })
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
    expect(sealed).not.toContain('Ada')
    expect(atob(sealed.slice(3).replace(/-/g, '+').replace(/_/g, '/'))).not.toContain('userId')
    const opened = await openValue<typeof value>(sealed, { secret, purpose, now: () => 64_999 })
    expect(opened).toEqual({ value, expiresAt: 65_000 })
    for (const other of ['text', 0, null, [1, 2]]) {
      const again = await sealValue(other, { secret, maxAgeSeconds: 1, purpose })
      expect((await openValue(again, { secret, purpose }))?.value).toEqual(other)
    }
  })

  it('never opens for another purpose, nor sign-in state as a value or the reverse', async () => {
    const sealed = await sealValue(value, { secret, maxAgeSeconds: 60, purpose })
    await expect(openValue(sealed, { secret, purpose: 'test/device' })).resolves.toBeUndefined()
    await expect(openValue(sealed, { secret, purpose: `${purpose} ` })).resolves.toBeUndefined()
    await expect(openState(sealed, { secret })).rejects.toThrow(/tampered/)
    const state = await sealState(
      {
        state: 'state-value-1234567890',
        codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      },
      { secret },
    )
    await expect(openValue(state, { secret, purpose })).resolves.toBeUndefined()
  })

  it('refuses a tampered value, another secret, garbage and a missing value', async () => {
    const sealed = await sealValue(value, { secret, maxAgeSeconds: 60, purpose })
    const body = sealed.slice(3)
    for (const at of [0, 5, 20, body.length - 2]) {
      const flipped = `v1.${body.slice(0, at)}${body[at] === 'A' ? 'B' : 'A'}${body.slice(at + 1)}`
      await expect(openValue(flipped, { secret, purpose })).resolves.toBeUndefined()
    }
    await expect(openValue(sealed, { secret: `${secret}-other`, purpose })).resolves.toBeUndefined()
    for (const garbage of ['', 'v1.', 'v2.abc', 'v1.!!!', `v1.${'A'.repeat(60)}`, undefined, null])
      await expect(openValue(garbage, { secret, purpose })).resolves.toBeUndefined()
  })

  it('refuses an expired value', async () => {
    const sealed = await sealValue(value, { secret, maxAgeSeconds: 60, purpose, now: () => 0 })
    await expect(openValue(sealed, { secret, purpose, now: () => 59_999 })).resolves.toBeDefined()
    await expect(openValue(sealed, { secret, purpose, now: () => 60_000 })).resolves.toBeUndefined()
  })

  it('rotates secrets: the first seals, all open', async () => {
    const next = `${secret}-next-generation`
    const old = await sealValue(value, { secret, maxAgeSeconds: 60, purpose })
    expect((await openValue(old, { secret: [next, secret], purpose }))?.value).toEqual(value)
    const fresh = await sealValue(value, { secret: [next, secret], maxAgeSeconds: 60, purpose })
    expect((await openValue(fresh, { secret: next, purpose }))?.value).toEqual(value)
    await expect(openValue(fresh, { secret, purpose })).resolves.toBeUndefined()
  })

  it('refuses a short secret, an empty purpose, a bad max age and a non-JSON value', async () => {
    const bad: [unknown, Parameters<typeof sealValue>[1]][] = [
      [value, { secret: 'short', maxAgeSeconds: 60, purpose }],
      [value, { secret: [], maxAgeSeconds: 60, purpose }],
      [value, { secret, maxAgeSeconds: 60, purpose: '' }],
      [value, { secret, maxAgeSeconds: 0, purpose }],
      [value, { secret, maxAgeSeconds: Number.NaN, purpose }],
      [undefined, { secret, maxAgeSeconds: 60, purpose }],
      [() => 1, { secret, maxAgeSeconds: 60, purpose }],
    ]
    for (const [input, options] of bad)
      await expect(sealValue(input, options)).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(openValue(undefined, { secret: 'short', purpose })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    await expect(openValue('v1.x', { secret, purpose: '' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
  })
})
