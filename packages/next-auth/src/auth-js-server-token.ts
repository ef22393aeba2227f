/**
 * Auth.js: the Amazon access token on the server, read from the encrypted JWT cookie.
 *
 * @module
 */
import { getToken } from '@auth/core/jwt'
import { InvalidArgumentError } from '@lwa-kit/core'
import { accessTokenOf } from './lib/read-token.js'
import type { AmazonAccessTokenOptions } from './lib/session.js'
import { readEnv } from './lib/settings.js'

/**
 * What {@link getAmazonAccessToken} reads the session cookie from: a `Request` (proxy, route
 * handler), or `{ headers: await headers() }` in a server component.
 *
 * @example
 * ```ts
 * import { headers } from 'next/headers'
 *
 * const source: AmazonTokenSource = { headers: await headers() }
 * ```
 */
export interface AmazonTokenSource {
  /** The request's headers; the session cookie is read from `cookie`. */
  headers: { get(name: string): string | null }
}

const SECURE_COOKIE = '__Secure-authjs.session-token'

/**
 * The signed-in user's Amazon access token, on the server only: it decodes Auth.js's JWT cookie
 * (with `@auth/core`'s own `getToken`) and answers `undefined` when nobody is signed in, the grant
 * can no longer be used, or the token has expired. The session (`/api/auth/session`, which browser
 * code reads) does not carry the token unless `exposeAccessToken` is on.
 *
 * @example
 * ```ts
 * import { getAmazonAccessToken } from '@lwa-kit/next-auth/auth-js'
 * import { headers } from 'next/headers'
 *
 * const accessToken = await getAmazonAccessToken({ headers: await headers() })
 * ```
 */
export async function getAmazonAccessToken(
  source: AmazonTokenSource,
  options: AmazonAccessTokenOptions = {},
): Promise<string | undefined> {
  const cookie = source.headers.get('cookie') ?? ''
  const secureCookie = options.secureCookie ?? cookie.includes(`${SECURE_COOKIE}`)
  const secret = options.secret ?? readEnv('AUTH_SECRET')
  if (!secret)
    throw new InvalidArgumentError(
      'getAmazonAccessToken: no secret to decode the session with: set AUTH_SECRET or pass `secret`.',
    )
  const headers = new Headers()
  if (cookie) headers.set('cookie', cookie)
  const token = await getToken({ req: { headers }, secureCookie, secret })
  return accessTokenOf(token, options)
}
