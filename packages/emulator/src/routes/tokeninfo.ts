import { sendMissing } from '../client-auth.js'
import type { EmulatorContext, RequestContext } from '../context.js'
import { field, sendJson, sendLwaError } from '../http-util.js'
import { findAccessToken } from '../tokens.js'

/** `GET /auth/o2/tokeninfo?access_token=…` @internal */

export const INVALID_TOKEN = 'The request has an invalid parameter : access_token'

export function handleTokenInfo(ctx: EmulatorContext, rc: RequestContext) {
  const token = field(rc.query, 'access_token')
  if (!token) return sendMissing(rc, 'access_token')
  const record = findAccessToken(ctx, token, rc.region)
  if (!record) return sendLwaError(rc.res, 400, 'invalid_token', INVALID_TOKEN)
  sendJson(rc.res, 200, {
    iss: 'https://www.amazon.com',
    user_id: record.userId,
    aud: record.clientId,
    app_id: record.profileId,
    exp: Math.max(0, Math.floor((record.expiresAt - ctx.clock.now()) / 1000)),
    iat: Math.floor(record.issuedAt / 1000),
  })
}
