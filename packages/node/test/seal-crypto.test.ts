// nodeSealCrypto: core's sealed values on node:crypto, in the same format as core's Web Crypto
// default: each opens what the other sealed, and neither opens a tampered, foreign or expired one.
import { openState, openValue, sealState, sealValue, webSealCrypto } from '@lwa-kit/core'
import { describe, expect, it } from 'vitest'
import { nodeSealCrypto } from '../src/index.js'

const secret = 'a-test-secret-that-is-long-enough-0123456789'
const other = 'another-test-secret-that-is-long-enough-0123'
const purpose = 'lwa-kit/test'
const value = { userId: 'amzn1.account.X', n: 42, nested: { ok: true, text: 'é 🎵' } }
const pairs = [
  ['web', webSealCrypto, 'node', nodeSealCrypto],
  ['node', nodeSealCrypto, 'web', webSealCrypto],
  ['node', nodeSealCrypto, 'node', nodeSealCrypto],
] as const

describe('nodeSealCrypto', () => {
  for (const [by, sealer, with_, opener] of pairs) {
    it(`opens with ${with_} what ${by} sealed, and only that`, async () => {
      const sealed = await sealValue(value, { secret, maxAgeSeconds: 60, purpose, crypto: sealer })
      expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
      const opened = await openValue(sealed, { secret: [other, secret], purpose, crypto: opener })
      expect(opened?.value).toEqual(value)
      // Another purpose, another secret, one flipped character, or too late: nothing opens.
      expect(await openValue(sealed, { secret, purpose: 'x', crypto: opener })).toBeUndefined()
      expect(await openValue(sealed, { secret: other, purpose, crypto: opener })).toBeUndefined()
      // (Not the last character: some of its bits can be padding that decoding drops.)
      for (const at of [5, sealed.length >> 1, sealed.length - 2]) {
        const flipped =
          sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1)
        expect(
          await openValue(flipped, { secret, purpose, crypto: opener }),
          String(at),
        ).toBeUndefined()
      }
      const later = () => Date.now() + 61_000
      expect(
        await openValue(sealed, { secret, purpose, crypto: opener, now: later }),
      ).toBeUndefined()
    })

    it(`opens a sign-in state sealed by ${by} with ${with_}`, async () => {
      const payload = {
        state: 'state-123',
        codeVerifier: 'v'.repeat(43),
        returnTo: '/library',
        redirectUri: 'http://127.0.0.1/cb',
      }
      const sealed = await sealState(payload, { secret, crypto: sealer })
      expect(await openState(sealed, { secret, crypto: opener })).toMatchObject(payload)
      await expect(
        openState(`${sealed.slice(0, -3)}${sealed.at(-3) === 'A' ? 'B' : 'A'}${sealed.slice(-2)}`, {
          secret,
          crypto: opener,
        }),
      ).rejects.toMatchObject({
        code: 'LWA_SEALED_STATE_INVALID',
      })
    })
  }

  it('derives the same key as Web Crypto (HKDF-SHA-256), so one ciphertext is byte-for-byte the same', async () => {
    const salt = new TextEncoder().encode('salt')
    const info = new TextEncoder().encode('info')
    const iv = new Uint8Array(12).fill(7)
    const aad = new TextEncoder().encode('aad')
    const plain = new TextEncoder().encode('hello')
    const ikm = new TextEncoder().encode(secret)
    const fromNode = nodeSealCrypto.encrypt(
      nodeSealCrypto.deriveKey(ikm, salt, info),
      iv,
      plain,
      aad,
    )
    const fromWeb = await webSealCrypto.encrypt(
      await webSealCrypto.deriveKey(ikm, salt, info),
      iv,
      plain,
      aad,
    )
    expect(Buffer.from(fromNode).toString('hex')).toBe(Buffer.from(fromWeb).toString('hex'))
    expect(() =>
      nodeSealCrypto.decrypt(
        nodeSealCrypto.deriveKey(ikm, salt, info),
        iv,
        fromNode.subarray(1),
        aad,
      ),
    ).toThrow()
  })
})
