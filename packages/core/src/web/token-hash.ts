/**
 * A synchronous SHA-256 in plain JavaScript (FIPS 180-4), for the token verifier's cache key. Web
 * Crypto's digest is asynchronous, so a cached bearer token would still wait a turn; this one
 * answers at once on every runtime (Node, browsers, edge) with no Node-only API.
 *
 * @module
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])
const W = new Int32Array(64)
const encoder = new TextEncoder()
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** SHA-256 of the bytes. @internal */
export function sha256Bytes(data: Uint8Array): Uint8Array {
  const length = data.length
  const blocks = ((length + 8) >> 6) + 1
  const message = new Uint8Array(blocks * 64)
  message.set(data)
  message[length] = 0x80
  const bits = message.length - 8
  const high = Math.floor(length / 0x20000000)
  const low = (length << 3) >>> 0
  message[bits] = high >>> 24
  message[bits + 1] = high >>> 16
  message[bits + 2] = high >>> 8
  message[bits + 3] = high
  message[bits + 4] = low >>> 24
  message[bits + 5] = low >>> 16
  message[bits + 6] = low >>> 8
  message[bits + 7] = low
  const w = W
  const k = K
  let h0 = 0x6a09e667
  let h1 = 0xbb67ae85 | 0
  let h2 = 0x3c6ef372
  let h3 = 0xa54ff53a | 0
  let h4 = 0x510e527f
  let h5 = 0x9b05688c | 0
  let h6 = 0x1f83d9ab
  let h7 = 0x5be0cd19
  for (let offset = 0; offset < message.length; offset += 64) {
    for (let t = 0; t < 16; t++) {
      const j = offset + t * 4
      w[t] =
        ((message[j] as number) << 24) |
        ((message[j + 1] as number) << 16) |
        ((message[j + 2] as number) << 8) |
        (message[j + 3] as number)
    }
    for (let t = 16; t < 64; t++) {
      const w15 = w[t - 15] as number
      const w2 = w[t - 2] as number
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3)
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10)
      w[t] = ((w[t - 16] as number) + s0 + (w[t - 7] as number) + s1) | 0
    }
    let a = h0
    let b = h1
    let c = h2
    let d = h3
    let e = h4
    let f = h5
    let g = h6
    let h = h7
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + (k[t] as number) + (w[t] as number)) | 0
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
      h = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
    h5 = (h5 + f) | 0
    h6 = (h6 + g) | 0
    h7 = (h7 + h) | 0
  }
  const out = new Uint8Array(32)
  const words = [h0, h1, h2, h3, h4, h5, h6, h7]
  for (let i = 0; i < 8; i++) {
    const word = words[i] as number
    out[i * 4] = word >>> 24
    out[i * 4 + 1] = word >>> 16
    out[i * 4 + 2] = word >>> 8
    out[i * 4 + 3] = word
  }
  return out
}

function base64Url(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number)
    out += B64[n >> 18] + (B64[(n >> 12) & 63] as string) + B64[(n >> 6) & 63] + B64[n & 63]
  }
  if (i < bytes.length) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8)
    out += (B64[n >> 18] as string) + B64[(n >> 12) & 63]
    if (i + 1 < bytes.length) out += B64[(n >> 6) & 63]
  }
  return out
}

/**
 * The SHA-256 of a token's UTF-8 bytes, base64url without padding, computed synchronously. Pass
 * it as `createTokenVerifier`'s `hash` so that `peek` answers a cached token at once; the web
 * layer's {@link createBearerCheck} does. The same value `node:crypto` gives with
 * `createHash('sha256').update(token).digest('base64url')`.
 *
 * @example
 * ```ts
 * import { createTokenVerifier, tokenHash } from '@lwa-kit/core'
 *
 * const verifier = createTokenVerifier({ client: lwa, hash: tokenHash })
 * tokenHash('abc') // 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0'
 * ```
 */
export function tokenHash(token: string): string {
  return base64Url(sha256Bytes(encoder.encode(token)))
}
