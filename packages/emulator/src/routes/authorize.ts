import {
  allowLocation,
  checkAuthorize,
  consentRemembered,
  denyLocation,
} from '../authorize-core.js'
import type { EmulatorContext, RequestContext } from '../context.js'
import { field, readFields, redirect, sendHtml } from '../http-util.js'
import { newOpaqueId } from '../ids.js'
import { consentPage } from '../pages/consent.js'
import { errorPage } from '../pages/error-page.js'
import { redirectHint, unknownClientHint } from '../pages/hints.js'
import { signInPage } from '../pages/sign-in.js'
import { checkCredentials, sessionUser, startSession } from '../sessions.js'
import type { AuthRequest } from '../state.js'
import type { EmulatorUser } from '../types.js'

/** `GET /ap/oa` and its sign-in and consent pages (`POST /ap/signin`, `POST /ap/consent`). @internal */

const TRANSACTION_SECONDS = 15 * 60
/** Sign-in transactions kept at most; the oldest go first, so a flood of /ap/oa requests cannot grow memory. */
const MAX_TRANSACTIONS = 10_000

function appName(ctx: EmulatorContext, request: AuthRequest): string {
  return ctx.index.profile(request.profileId)?.name ?? 'This application'
}

/** After sign-in: redirect when consent is remembered, else show the consent page. */
function continueAs(
  ctx: EmulatorContext,
  rc: RequestContext,
  txn: string,
  request: AuthRequest,
  user: EmulatorUser,
  headers: Record<string, string> = {},
): void {
  if (consentRemembered(ctx, request, user.userId)) {
    ctx.state.transactions.delete(txn)
    redirect(rc.res, allowLocation(ctx, request, user.userId), 302, headers)
    return
  }
  sendHtml(
    rc.res,
    200,
    consentPage({
      action: `${rc.prefix}/ap/consent`,
      hidden: { txn },
      appName: appName(ctx, request),
      userName: user.name,
      scopes: request.scopes,
      signOut: { action: `${rc.prefix}/ap/signout`, hidden: { txn } },
    }),
    headers,
  )
}

export function handleAuthorize(ctx: EmulatorContext, rc: RequestContext): void {
  const check = checkAuthorize(ctx, rc.region, rc.query, rc.repeated)
  if (check.kind === 'page') {
    const hint =
      check.code === 'unknown_client'
        ? unknownClientHint(ctx.index, rc.region, rc.query)
        : check.profile
          ? redirectHint(check.profile, field(rc.query, 'redirect_uri'))
          : ''
    sendHtml(rc.res, check.status, errorPage(check.status, check.message, rc.query, hint))
    return
  }
  if (check.kind === 'redirect') {
    redirect(rc.res, check.location)
    return
  }
  const txn = newOpaqueId()
  ctx.state.transactions.set(txn, {
    request: check.request,
    expiresAt: ctx.clock.now() + TRANSACTION_SECONDS * 1000,
  })
  if (ctx.state.transactions.size > MAX_TRANSACTIONS) {
    const oldest = ctx.state.transactions.keys().next().value
    if (oldest !== undefined) ctx.state.transactions.delete(oldest)
  }
  const user = sessionUser(ctx, rc)
  if (user) {
    continueAs(ctx, rc, txn, check.request, user)
    return
  }
  signInFor(ctx, rc, txn)
}

/** The demo users for the sign-in page, when credentials may be shown. */
export function demoUsers(ctx: EmulatorContext): { email: string; password: string }[] | undefined {
  if (!ctx.options.showCredentials) return undefined
  return ctx.index.config.users.map((u) => ({ email: u.email, password: u.password }))
}

/** Shows the sign-in page of a live transaction; false when `txn` is not one. */
export function signInFor(
  ctx: EmulatorContext,
  rc: RequestContext,
  txn: string | undefined,
  headers: Record<string, string> = {},
  extra: { error?: string; email?: string } = {},
): boolean {
  const t = transaction(ctx, txn)
  if (!t) return false
  sendHtml(
    rc.res,
    200,
    signInPage({
      action: `${rc.prefix}/ap/signin`,
      hidden: { txn },
      appName: appName(ctx, t.request),
      demoUsers: demoUsers(ctx),
      ...extra,
    }),
    headers,
  )
  return true
}

function transaction(ctx: EmulatorContext, txn: string | undefined) {
  if (!txn) return undefined
  const t = ctx.state.transactions.get(txn)
  if (!t || t.expiresAt <= ctx.clock.now()) return undefined
  return t
}

function expiredPage(rc: RequestContext): void {
  sendHtml(
    rc.res,
    400,
    errorPage(400, 'Your sign-in request has expired or is not valid. Please start again.', {}),
  )
}

/** `POST /ap/signin`: from `/ap/oa` (field `txn`) or from the code-entry page (field `flow=code`). */
export async function handleSignIn(ctx: EmulatorContext, rc: RequestContext): Promise<void> {
  const fields = await readFields(rc.req)
  const txn = field(fields, 'txn')
  const flow = field(fields, 'flow')
  const email = field(fields, 'email')
  const t = flow === 'code' ? undefined : transaction(ctx, txn)
  if (flow !== 'code' && !t) return expiredPage(rc)
  const result = checkCredentials(ctx, email, field(fields, 'password'))
  if ('error' in result) {
    // The same page again, subtitle included, with Amazon's wording of the failure.
    if (flow !== 'code') {
      signInFor(ctx, rc, txn, {}, { error: result.error, email: email ?? '' })
      return
    }
    sendHtml(
      rc.res,
      200,
      signInPage({
        action: `${rc.prefix}/ap/signin`,
        hidden: { flow },
        error: result.error,
        email: email ?? '',
        demoUsers: demoUsers(ctx),
      }),
    )
    return
  }
  const cookie = startSession(ctx, result.user.userId)
  if (flow === 'code') {
    redirect(rc.res, `${rc.prefix}/code`, 303, { 'Set-Cookie': cookie })
    return
  }
  continueAs(ctx, rc, txn!, t!.request, result.user, { 'Set-Cookie': cookie })
}

/** `POST /ap/consent`: Allow redirects with a code, Cancel with `access_denied`. */
export async function handleConsent(ctx: EmulatorContext, rc: RequestContext): Promise<void> {
  const fields = await readFields(rc.req)
  const txn = field(fields, 'txn')
  const t = transaction(ctx, txn)
  const user = sessionUser(ctx, rc)
  if (!t || !user) return expiredPage(rc)
  ctx.state.transactions.delete(txn!)
  const location =
    field(fields, 'decision') === 'allow'
      ? allowLocation(ctx, t.request, user.userId)
      : denyLocation(t.request)
  redirect(rc.res, location)
}
