// nodeTokenHash: the same cache key as core's plain-JavaScript tokenHash, from node:crypto.
import { createHash } from 'node:crypto'
import { tokenHash } from '@lwa-kit/core'
import { describe, expect, it } from 'vitest'
import { nodeTokenHash } from '../src/index.js'

describe('nodeTokenHash', () => {
  it("is core's tokenHash (SHA-256, base64url) for every kind of string", () => {
    const samples = [
      '',
      'abc',
      `Atza|${'IwEBI-_x'.repeat(50)}`,
      'é ünïcødé 🎵',
      'x'.repeat(55),
      'x'.repeat(56),
      'x'.repeat(64),
    ]
    for (let i = 0; i < 200; i++)
      samples.push(String.fromCharCode(...Array.from({ length: i }, (_, j) => 32 + ((i * j) % 95))))
    for (const token of samples) {
      expect(nodeTokenHash(token), token.slice(0, 20)).toBe(tokenHash(token))
      expect(nodeTokenHash(token)).toBe(createHash('sha256').update(token).digest('base64url'))
    }
    expect(nodeTokenHash('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0')
  })
})
