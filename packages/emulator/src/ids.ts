import { randomBytes, randomInt, randomUUID } from 'node:crypto'

/** Crypto-random ids and tokens in LWA's formats. @internal */

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** `Atza|` + 360 opaque characters (365 in all; LWA's are at least 350). */
export function newAccessToken(): string {
  return `Atza|${randomBytes(270).toString('base64url')}`
}

/** `Atzr|` + 256 opaque characters. */
export function newRefreshToken(): string {
  return `Atzr|${randomBytes(192).toString('base64url')}`
}

/** An authorization code: 20 letters starting `AN`, as LWA's look. */
export function newAuthorizationCode(): string {
  let code = 'AN'
  for (let i = 0; i < 18; i++) code += LETTERS[randomInt(LETTERS.length)]
  return code
}

/** 6 uppercase letters and digits. */
export function newUserCode(): string {
  let code = ''
  for (let i = 0; i < 6; i++) code += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]
  return code
}

export function newUuid(): string {
  return randomUUID()
}

/** An opaque id for sessions and sign-in transactions. */
export function newOpaqueId(): string {
  return randomBytes(24).toString('base64url')
}
