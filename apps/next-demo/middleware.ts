// Runs on the edge runtime before every page: refreshes the Amazon access token ahead of expiry
// with the provider's refresh helper (one refresh for all concurrent requests, through core's
// single-flight), writes the new session cookie, and hands it to the page in the same request.

import { type NextRequest, NextResponse } from 'next/server'
import { encode, getToken } from 'next-auth/jwt'
import { amazonRefresh } from './lib/auth'
import { syncClock } from './lib/clock'
import { config as app } from './lib/config'

const secure = app.appUrl.startsWith('https://')
const cookieName = `${secure ? '__Secure-' : ''}next-auth.session-token`
const maxAge = 30 * 24 * 60 * 60

export async function middleware(request: NextRequest) {
  await syncClock()
  const token = await getToken({ req: request, secret: app.secret, secureCookie: secure })
  if (!token?.amazon) return NextResponse.next()
  const fresh = await amazonRefresh.jwt({ token })
  if (fresh === token) return NextResponse.next()
  const value = await encode({ token: fresh, secret: app.secret, maxAge })
  // Too big for one cookie: leave it to the jwt callback (next-auth splits it into chunks).
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

export const config = {
  matcher: ['/((?!api/auth|_next/static|_next/image|favicon.ico).*)'],
}
