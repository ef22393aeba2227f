/**
 * next-auth v4: the Amazon access token on the server, read from the encrypted JWT cookie.
 *
 * @module
 */
import { getToken } from 'next-auth/jwt'
import { accessTokenOf } from './lib/read-token.js'
import type { AmazonAccessTokenOptions } from './lib/session.js'

/**
 * What {@link getAmazonAccessToken} reads the session cookie from: a `NextRequest` (proxy, route
 * handler), or `{ cookies: await cookies() }` in a server component.
 *
 * @example
 * ```ts
 * import { cookies } from 'next/headers'
 *
 * const source: AmazonTokenSource = { cookies: await cookies() }
 * ```
 */
export interface AmazonTokenSource {
  /** The request's cookies (`request.cookies`, or `cookies()` from `next/headers`). */
  cookies: { getAll(): ReadonlyArray<{ name: string; value: string }> }
}

const SECURE_COOKIE = '__Secure-next-auth.session-token'

/**
 * The signed-in user's Amazon access token, on the server only: it decodes next-auth's JWT cookie
 * (with next-auth's own `getToken`) and answers `undefined` when nobody is signed in, the grant can
 * no longer be used, or the token has expired. The session (`/api/auth/session`, which browser
 * code reads) does not carry the token unless `exposeAccessToken` is on.
 *
 * @example
 * ```ts
 * import { getAmazonAccessToken } from '@lwa-kit/next-auth'
 * import { cookies } from 'next/headers'
 *
 * const accessToken = await getAmazonAccessToken({ cookies: await cookies() }, { secret: authOptions.secret })
 * ```
 */
export async function getAmazonAccessToken(
  source: AmazonTokenSource,
  options: AmazonAccessTokenOptions = {},
): Promise<string | undefined> {
  const secureCookie =
    options.secureCookie ?? source.cookies.getAll().some((c) => c.name.startsWith(SECURE_COOKIE))
  const token = await getToken({
    // getToken reads `req.cookies.getAll()`; it needs nothing else of a request here.
    req: { cookies: source.cookies, headers: {} } as unknown as Parameters<
      typeof getToken
    >[0]['req'],
    secureCookie,
    ...(options.secret ? { secret: options.secret } : {}),
  })
  return accessTokenOf(token, options)
}
