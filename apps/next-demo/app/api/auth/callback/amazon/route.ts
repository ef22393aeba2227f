// In front of next-auth's Amazon callback: when Amazon sends the user back with `?error=` (Cancel
// on the consent page is `access_denied`), the samples' failure page says it in core's words;
// next-auth would only say "OAuthCallback" (and log a stack trace). Everything else is next-auth's.
import { WebErrorCode } from '@lwa-kit/core'
import { nextAuthRoute } from '../../../../../lib/next-auth-route'

const params = Promise.resolve({ nextauth: ['callback', 'amazon'] })

export async function GET(request: Request): Promise<Response> {
  const error = new URL(request.url).searchParams.get('error')
  if (error === null) return nextAuthRoute(request, { params })
  const code = error === 'access_denied' ? WebErrorCode.AccessDenied : WebErrorCode.Protocol
  return new Response(null, {
    status: 303,
    headers: { location: `/sign-in-problem?error=${code}`, 'cache-control': 'no-store' },
  })
}

export function POST(request: Request): Promise<Response> {
  return nextAuthRoute(request, { params })
}
