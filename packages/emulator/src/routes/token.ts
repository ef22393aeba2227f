import { createHash } from 'node:crypto'
import {
  authenticateClient,
  mayGetRefreshToken,
  sendInvalidClient,
  sendMissing,
} from '../client-auth.js'
import type { EmulatorContext, RequestContext } from '../context.js'
import { type Fields, field, sendJson, sendLwaError } from '../http-util.js'
import { repeatedDescription } from '../repeated.js'
import type { Grant } from '../state.js'
import { type TokenResponse, tokenResponse } from '../tokens.js'

/** `POST /auth/o2/token`: authorization_code, refresh_token and device_code grants. @internal */

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }
export const INVALID_CODE = 'The request has an invalid grant parameter : code'
export const REVOKED =
  "The request has an invalid grant parameter : refresh_token. User may have revoked or didn't grant the permission."

function sendTokens(rc: RequestContext, body: TokenResponse) {
  sendJson(rc.res, 200, body, NO_STORE)
}

function invalidGrant(rc: RequestContext, description: string) {
  sendLwaError(rc.res, 400, 'invalid_grant', description, NO_STORE)
}

function pkceMatches(method: 'S256' | 'plain', challenge: string, verifier: string): boolean {
  if (method === 'plain') return verifier === challenge
  return createHash('sha256').update(verifier).digest('base64url') === challenge
}

function authorizationCodeGrant(ctx: EmulatorContext, rc: RequestContext, fields: Fields) {
  const code = field(fields, 'code')
  if (!code) return sendMissing(rc, 'code')
  const client = authenticateClient(ctx, rc, fields)
  if (!client) return
  const record = ctx.state.codes.get(code)
  if (
    !record ||
    record.clientId !== client.entry.client.clientId ||
    record.expiresAt <= ctx.clock.now()
  )
    return invalidGrant(rc, INVALID_CODE)
  const redirectUri = field(fields, 'redirect_uri')
  if (redirectUri !== undefined && redirectUri !== record.redirectUri)
    return invalidGrant(rc, 'The request has an invalid grant parameter : redirect_uri')
  if (record.codeChallenge !== undefined) {
    const verifier = field(fields, 'code_verifier')
    if (!verifier || !pkceMatches(record.codeChallengeMethod, record.codeChallenge, verifier))
      return invalidGrant(rc, 'The request has an invalid grant parameter : code_verifier')
  } else if (!client.withSecret && client.entry.client.type === 'web') {
    // A web client proves itself with its secret or with PKCE.
    return sendInvalidClient(ctx, rc)
  }
  ctx.state.codes.delete(code)
  const grant: Grant = {
    userId: record.userId,
    clientId: record.clientId,
    profileId: record.profileId,
    region: record.region,
    scopes: record.scopes,
  }
  sendTokens(rc, tokenResponse(ctx, grant, mayGetRefreshToken(client) ? 'new' : 'none'))
}

function refreshTokenGrant(ctx: EmulatorContext, rc: RequestContext, fields: Fields) {
  const token = field(fields, 'refresh_token')
  if (!token) return sendMissing(rc, 'refresh_token')
  const client = authenticateClient(ctx, rc, fields)
  if (!client) return
  if (!mayGetRefreshToken(client)) return sendInvalidClient(ctx, rc)
  const record = ctx.state.refreshTokens.get(token)
  if (!record?.active || record.clientId !== client.entry.client.clientId)
    return invalidGrant(rc, REVOKED)
  const grant: Grant = {
    userId: record.userId,
    clientId: record.clientId,
    profileId: record.profileId,
    region: record.region,
    scopes: record.scopes,
  }
  if (ctx.options.rotateRefreshTokens) {
    record.active = false
    return sendTokens(rc, tokenResponse(ctx, grant, 'new'))
  }
  sendTokens(rc, tokenResponse(ctx, grant, { reuse: token }))
}

function deviceCodeGrant(ctx: EmulatorContext, rc: RequestContext, fields: Fields) {
  const deviceCode = field(fields, 'device_code')
  if (!deviceCode) return sendMissing(rc, 'device_code')
  const userCode = field(fields, 'user_code')
  if (!userCode) return sendMissing(rc, 'user_code')
  const pair = ctx.state.codePairs.get(deviceCode)
  if (!pair || pair.region !== rc.region || pair.status === 'used')
    return sendLwaError(
      rc.res,
      400,
      'invalid_code_pair',
      'The code pair given is not valid.',
      NO_STORE,
    )
  if (pair.userCode !== userCode.trim().toUpperCase())
    return invalidGrant(rc, 'The request has an invalid grant parameter : user_code')
  if (pair.expiresAt <= ctx.clock.now()) {
    const error = ctx.options.expiredCodePairError
    return sendLwaError(rc.res, 400, error, 'The code pair has expired.', NO_STORE)
  }
  const wall = Date.now()
  const last = pair.lastPollWallMs
  pair.lastPollWallMs = wall
  if (ctx.options.slowDown && last !== undefined && wall - last < ctx.options.slowDownMinIntervalMs)
    return sendLwaError(rc.res, 400, 'slow_down', 'The client is polling too quickly.', NO_STORE)
  if (pair.status === 'pending')
    return sendLwaError(
      rc.res,
      400,
      'authorization_pending',
      'The user has not yet completed the authorization.',
      NO_STORE,
    )
  if (pair.status === 'denied') {
    pair.status = 'used'
    return sendLwaError(rc.res, 400, 'access_denied', 'Access not permitted.', NO_STORE)
  }
  pair.status = 'used'
  const grant: Grant = {
    userId: pair.userId!,
    clientId: pair.clientId,
    profileId: pair.profileId,
    region: pair.region,
    scopes: pair.scopes,
  }
  sendTokens(rc, tokenResponse(ctx, grant, 'new'))
}

export function handleToken(ctx: EmulatorContext, rc: RequestContext, fields: Fields) {
  if (rc.repeated !== undefined)
    return sendLwaError(rc.res, 400, 'invalid_request', repeatedDescription(rc.repeated), NO_STORE)
  const grantType = field(fields, 'grant_type')
  if (!grantType) return sendMissing(rc, 'grant_type')
  switch (grantType) {
    case 'authorization_code':
      return authorizationCodeGrant(ctx, rc, fields)
    case 'refresh_token':
      return refreshTokenGrant(ctx, rc, fields)
    case 'device_code':
      return deviceCodeGrant(ctx, rc, fields)
    default:
      return sendLwaError(
        rc.res,
        400,
        'unsupported_grant_type',
        'The authorization grant type is not supported by the authorization server',
        NO_STORE,
      )
  }
}
