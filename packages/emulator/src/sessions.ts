import type { EmulatorContext, RequestContext } from './context.js'
import { readCookie } from './http-util.js'
import { newOpaqueId } from './ids.js'
import type { EmulatorUser } from './types.js'

/** Sign-in sessions in an HttpOnly, SameSite=Lax cookie. @internal */

export const SESSION_COOKIE = 'lwa_emulator_session'

export function sessionUser(ctx: EmulatorContext, rc: RequestContext): EmulatorUser | undefined {
  const sid = readCookie(rc.req, SESSION_COOKIE)
  if (!sid) return undefined
  return ctx.index.user(ctx.state.sessions.get(sid))
}

/** Starts a session and returns its Set-Cookie header value. */
export function startSession(ctx: EmulatorContext, userId: string): string {
  const sid = newOpaqueId()
  ctx.state.sessions.set(sid, userId)
  const secure = ctx.baseUrl.startsWith('https:') ? '; Secure' : ''
  return `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax${secure}`
}

/** Checks an email and password; returns the user or Amazon's wording of the failure. */
export function checkCredentials(
  ctx: EmulatorContext,
  email: string | undefined,
  password: string | undefined,
): { user: EmulatorUser } | { error: string } {
  if (!email) return { error: 'Enter your email or mobile phone number' }
  const user = ctx.index.userByEmail(email)
  if (!user) return { error: 'We cannot find an account with that email address' }
  if (!password) return { error: 'Enter your password' }
  if (password !== user.password) return { error: 'Your password is incorrect' }
  return { user }
}
