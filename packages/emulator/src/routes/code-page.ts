import type { EmulatorContext, RequestContext } from '../context.js'
import { decidePair, pendingPair } from '../device-approval.js'
import { field, readFields, sendHtml } from '../http-util.js'
import { codeEntryPage, deviceResultPage } from '../pages/code-entry.js'
import { consentPage } from '../pages/consent.js'
import { signInPage } from '../pages/sign-in.js'
import { needsConsent, scopeKey } from '../scopes.js'
import { sessionUser } from '../sessions.js'
import { demoUsers } from './authorize.js'

/** The device flow's code-entry page: `GET /code`, `POST /code`, `POST /code/consent`. @internal */

const BAD_CODE = 'The code you entered is not valid. Check the code and try again.'

function signIn(ctx: EmulatorContext, rc: RequestContext) {
  sendHtml(
    rc.res,
    200,
    signInPage({
      action: `${rc.prefix}/ap/signin`,
      hidden: { flow: 'code' },
      demoUsers: demoUsers(ctx),
    }),
  )
}

export function handleCodePage(ctx: EmulatorContext, rc: RequestContext) {
  const user = sessionUser(ctx, rc)
  if (!user) return signIn(ctx, rc)
  sendHtml(
    rc.res,
    200,
    codeEntryPage({
      action: `${rc.prefix}/code`,
      signOutAction: `${rc.prefix}/ap/signout`,
      userName: user.name,
      code: field(rc.query, 'cbl-code') ?? '',
    }),
  )
}

export async function handleCodeSubmit(ctx: EmulatorContext, rc: RequestContext): Promise<void> {
  const fields = await readFields(rc.req)
  const user = sessionUser(ctx, rc)
  if (!user) return signIn(ctx, rc)
  const userCode = field(fields, 'user_code') ?? ''
  const pair = pendingPair(ctx, userCode)
  if (!pair) {
    return sendHtml(
      rc.res,
      200,
      codeEntryPage({
        action: `${rc.prefix}/code`,
        signOutAction: `${rc.prefix}/ap/signout`,
        userName: user.name,
        error: BAD_CODE,
        code: userCode,
      }),
    )
  }
  const appName = ctx.index.profile(pair.profileId)?.name ?? 'This device'
  const remembered =
    !needsConsent(pair.scopes) ||
    ctx.state.consents.has(ctx.state.consentKey(user.userId, pair.clientId, scopeKey(pair.scopes)))
  if (remembered) {
    decidePair(ctx, pair, user.userId, 'allow')
    return sendHtml(rc.res, 200, deviceResultPage(true, appName))
  }
  sendHtml(
    rc.res,
    200,
    consentPage({
      action: `${rc.prefix}/code/consent`,
      hidden: { user_code: pair.userCode },
      appName,
      userName: user.name,
      scopes: pair.scopes,
      signOut: { action: `${rc.prefix}/ap/signout`, hidden: { flow: 'code' } },
    }),
  )
}

export async function handleCodeConsent(ctx: EmulatorContext, rc: RequestContext): Promise<void> {
  const fields = await readFields(rc.req)
  const user = sessionUser(ctx, rc)
  if (!user) return signIn(ctx, rc)
  const pair = pendingPair(ctx, field(fields, 'user_code') ?? '')
  if (!pair) {
    return sendHtml(
      rc.res,
      200,
      codeEntryPage({
        action: `${rc.prefix}/code`,
        signOutAction: `${rc.prefix}/ap/signout`,
        userName: user.name,
        error: BAD_CODE,
      }),
    )
  }
  const allow = field(fields, 'decision') === 'allow'
  decidePair(ctx, pair, user.userId, allow ? 'allow' : 'deny')
  sendHtml(
    rc.res,
    200,
    deviceResultPage(allow, ctx.index.profile(pair.profileId)?.name ?? 'This device'),
  )
}
