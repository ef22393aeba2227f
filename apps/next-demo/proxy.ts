// Next 16's proxy (on Next 15: middleware.ts, exporting `middleware`; the body is the same). Before
// every page it refreshes the Amazon access token ahead of expiry with the provider's refresh
// helper (one refresh for all concurrent requests, through core's single-flight), writes the new
// session cookie, and hands it to the page in the same request: with next-auth v4 a server
// component cannot write cookies. The next-auth README shows this file without the demo's clock.

import { type NextRequest, NextResponse } from 'next/server'
import { encode, getToken } from 'next-auth/jwt'
import { amazonRefresh, authOptions } from './lib/auth'
import { syncClock } from './lib/clock'
import { config as app } from './lib/config'

// next-auth's own rule: `__Secure-` cookies when the app's URL is https.
const secure = app.appUrl.startsWith('https://')
const cookieName = `${secure ? '__Secure-' : ''}next-auth.session-token`
const maxAge = authOptions.session?.maxAge ?? 30 * 24 * 60 * 60 // next-auth's default: 30 days
const secret = authOptions.secret ?? process.env.NEXTAUTH_SECRET

export async function proxy(request: NextRequest) {
  await syncClock() // the demo follows the emulator's clock
  const token = await getToken({ req: request, secret, secureCookie: secure })
  if (!token?.amazon) return NextResponse.next()
  const fresh = await amazonRefresh.jwt({ token })
  if (fresh === token) return NextResponse.next()
  const value = await encode({ token: fresh, secret: secret!, maxAge })
  // Over 4 KB a browser drops the cookie: leave it to the jwt callback (next-auth splits it in chunks).
  if (value.length > 3900) return NextResponse.next()
  request.cookies.set(cookieName, value)
  const response = NextResponse.next({ request: { headers: new Headers(request.headers) } })
  response.cookies.set(cookieName, value, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure,
    maxAge,
  })
  return response
}

// Every page; not next-auth's own routes (they refresh in the jwt callback) or static files.
export const config = {
  matcher: ['/((?!api/auth|_next/static|_next/image|favicon.ico).*)'],
}
