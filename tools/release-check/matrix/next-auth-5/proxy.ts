// proxy.ts (Next 16; on Next 15: middleware.ts with `export { auth as middleware } from '@/auth'`)
export { auth as proxy } from '@/auth'

// Every page; not Auth.js's own routes or static files.
export const config = {
  matcher: ['/((?!api/auth|_next/static|_next/image|favicon.ico).*)'],
}
