// Sign-out, a POST form like in every sample: the session is next-auth's JWT cookie (which holds
// the tokens), so signing out clears it (every chunk of it). Same-site requests only.
import {
  failureAnswer,
  failureOf,
  isCrossSite,
  WebErrorCode,
  webRequestFromHeaders,
} from '@lwa-kit/core'
import { cookies } from 'next/headers'

export async function POST(request: Request): Promise<Response> {
  if (isCrossSite(webRequestFromHeaders('POST', request.url, request.headers))) {
    const answer = failureAnswer(failureOf(WebErrorCode.CrossSiteRequest))
    return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers })
  }
  const jar = await cookies()
  for (const { name } of jar.getAll())
    if (/^(__Secure-)?next-auth\.session-token(\.\d+)?$/.test(name)) jar.delete(name)
  return new Response(null, {
    status: 303,
    headers: { location: '/', 'cache-control': 'no-store' },
  })
}
