import type { EmulatorContext, RequestContext } from '../context.js'
import { field, readCookie, readFields, redirect, sendHtml } from '../http-util.js'
import { layout } from '../pages/html.js'
import { SESSION_COOKIE } from '../sessions.js'
import { signInFor } from './authorize.js'

/**
 * `POST /ap/signout`: "Not you?" on the consent and code-entry pages. Ends the session, then
 * shows the sign-in page of the same request, so another account can go on. @internal
 */
export async function handleSignOut(ctx: EmulatorContext, rc: RequestContext): Promise<void> {
  const fields = await readFields(rc.req)
  const sid = readCookie(rc.req, SESSION_COOKIE)
  if (sid) ctx.state.sessions.delete(sid)
  const secure = ctx.baseUrl.startsWith('https:') ? '; Secure' : ''
  const cookie = `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`
  if (field(fields, 'flow') === 'code')
    return redirect(rc.res, `${rc.prefix}/code`, 303, { 'Set-Cookie': cookie })
  if (signInFor(ctx, rc, field(fields, 'txn'), { 'Set-Cookie': cookie })) return
  sendHtml(
    rc.res,
    200,
    layout(
      'Signed out',
      '<div class="box"><h1 id="signed-out">You are signed out</h1><p>Start the sign-in again from your app.</p></div>',
    ),
    { 'Set-Cookie': cookie },
  )
}
