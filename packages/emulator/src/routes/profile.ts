import { sendMissing } from '../client-auth.js'
import type { EmulatorContext, RequestContext } from '../context.js'
import { sendJson, sendLwaError } from '../http-util.js'
import { accessTokenFrom, findAccessToken } from '../tokens.js'
import { INVALID_TOKEN } from './tokeninfo.js'

/** `GET /user/profile`: fields by scope. @internal */

export function handleProfile(ctx: EmulatorContext, rc: RequestContext) {
  const token = accessTokenFrom(rc.req, rc.query)
  if (!token) return sendMissing(rc, 'access_token')
  const record = findAccessToken(ctx, token, rc.region)
  const user = record && ctx.index.user(record.userId)
  if (!record || !user) return sendLwaError(rc.res, 400, 'invalid_token', INVALID_TOKEN)
  const scopes = new Set(record.scopes)
  const body: Record<string, string> = {}
  if (scopes.has('profile') || scopes.has('profile:user_id')) body.user_id = user.userId
  if (scopes.has('profile')) {
    body.name = user.name
    body.email = user.email
  }
  if (scopes.has('postal_code') && user.postalCode !== undefined) body.postal_code = user.postalCode
  if (Object.keys(body).length === 0 && !scopes.has('postal_code')) {
    const { status, error } = ctx.options.profileWithoutScope
    return sendLwaError(
      rc.res,
      status,
      error,
      'The access token does not have a scope that allows access to the customer profile',
    )
  }
  sendJson(rc.res, 200, body)
}
