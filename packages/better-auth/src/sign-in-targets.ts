/**
 * Better Auth's sign-in starts carry the return targets in the body; core's rule cleans them.
 *
 * @module
 */
import { safeCallbackUrl } from '@lwa-kit/core'
import { createAuthMiddleware } from 'better-auth/api'

const STARTS = new Set(['/sign-in/social', '/sign-in/oauth2'])
const TARGETS = ['callbackURL', 'errorCallbackURL', 'newUserCallbackURL'] as const

/**
 * The `before` hook that passes each return target of a sign-in start through core's
 * `safeCallbackUrl`: a target that is not a same-site path or a plain absolute URL (which Better
 * Auth's trusted-origins check then judges) becomes `/`. Better Auth takes `/。evil.example` as a
 * path and answers its callback 500 when that reaches the `Location` header. @internal
 */
export const cleanSignInTargets = {
  matcher: (ctx: { path?: string }) => STARTS.has(ctx.path ?? ''),
  handler: createAuthMiddleware(async (ctx) => {
    const body = ctx.body as Record<string, unknown> | undefined
    if (!body || typeof body !== 'object') return
    const cleaned = { ...body }
    for (const name of TARGETS) if (name in cleaned) cleaned[name] = safeCallbackUrl(cleaned[name])
    return { context: { body: cleaned } }
  }),
}
