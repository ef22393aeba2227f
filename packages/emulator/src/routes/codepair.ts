import { sendInvalidClient, sendMissing } from '../client-auth.js'
import type { EmulatorContext, RequestContext } from '../context.js'
import { type Fields, field, sendJson, sendLwaError } from '../http-util.js'
import { newUserCode, newUuid } from '../ids.js'
import { repeatedDescription } from '../repeated.js'
import { firstUnknownScope, parseScopeData, splitScopes } from '../scopes.js'

/** `POST /auth/o2/create/codepair`: the device authorization request. @internal */

function uniqueUserCode(ctx: EmulatorContext): string {
  for (;;) {
    const code = newUserCode()
    if (!ctx.state.codePairByUserCode(code)) return code
  }
}

export function handleCodePair(ctx: EmulatorContext, rc: RequestContext, fields: Fields) {
  if (rc.repeated !== undefined)
    return sendLwaError(rc.res, 400, 'invalid_request', repeatedDescription(rc.repeated))
  const responseType = field(fields, 'response_type')
  if (!responseType) return sendMissing(rc, 'response_type')
  if (responseType !== 'device_code')
    return sendLwaError(
      rc.res,
      400,
      'invalid_request',
      'The request has an invalid parameter : response_type',
    )
  const clientId = field(fields, 'client_id')
  if (!clientId) return sendMissing(rc, 'client_id')
  const entry = ctx.index.client(clientId, rc.region)
  if (!entry) return sendInvalidClient(ctx, rc)
  const scopes = splitScopes(field(fields, 'scope'))
  if (scopes.length === 0) return sendMissing(rc, 'scope')
  if (firstUnknownScope(scopes, entry.profile) !== undefined)
    return sendLwaError(rc.res, 400, 'invalid_scope', 'An unknown scope was requested')
  const rawData = fields.scope_data
  const scopeData = parseScopeData(
    typeof rawData === 'object' && rawData !== null ? rawData : field(fields, 'scope_data'),
    scopes,
  )
  if (!scopeData.ok)
    return sendLwaError(
      rc.res,
      400,
      'invalid_request',
      'The request has an invalid parameter : scope_data',
    )
  const deviceCode = newUuid()
  const userCode = uniqueUserCode(ctx)
  ctx.state.codePairs.set(deviceCode, {
    deviceCode,
    userCode,
    clientId,
    profileId: entry.profile.id,
    region: rc.region,
    scopes,
    scopeData: scopeData.value,
    expiresAt: ctx.clock.now() + ctx.options.codePairLifetimeSeconds * 1000,
    status: 'pending',
    userId: undefined,
    lastPollWallMs: undefined,
  })
  sendJson(rc.res, 200, {
    user_code: userCode,
    device_code: deviceCode,
    verification_uri: ctx.options.verificationUri ?? `${ctx.baseUrl}${rc.prefix}/code`,
    expires_in: ctx.options.codePairLifetimeSeconds,
    interval: ctx.options.codePairIntervalSeconds,
  })
}
