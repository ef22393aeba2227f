// An API for apps that hold their own LWA access token (a phone app, a device): who the token
// belongs to, the same JSON as every sample, `expiresAt` an ISO time; refusals are core's
// `{ error, message }` with its status and `WWW-Authenticate`.
import { bearer } from '../../../lib/bearer'

export const dynamic = 'force-dynamic'

export async function GET(request: Request): Promise<Response> {
  const outcome = await bearer.check({ headers: Object.fromEntries(request.headers) })
  if (!outcome.ok)
    return new Response(outcome.answer.body ?? null, {
      status: outcome.answer.status,
      headers: outcome.answer.headers,
    })
  const { userId, clientId, expiresAt } = outcome.info
  return Response.json(
    { userId, clientId, expiresAt: new Date(expiresAt).toISOString() },
    { headers: { 'cache-control': 'no-store' } },
  )
}
