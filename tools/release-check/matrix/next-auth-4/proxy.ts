// proxy.ts (Next 16; on Next 15 name the file middleware.ts and the function `middleware`)
import { type NextRequest, NextResponse } from 'next/server'
import { encode, getToken } from 'next-auth/jwt'
import { amazonRefresh, authOptions } from '@/lib/auth'

// next-auth's own rule: `__Secure-` cookies when the app's URL is https.
const secure = process.env.NEXTAUTH_URL?.startsWith('https://') ?? false
const cookieName = `${secure ? '__Secure-' : ''}next-auth.session-token`
const maxAge = authOptions.session?.maxAge ?? 30 * 24 * 60 * 60 // next-auth's default: 30 days
const secret = authOptions.secret ?? process.env.NEXTAUTH_SECRET

export async function proxy(request: NextRequest) {
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
