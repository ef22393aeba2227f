import type { IncomingMessage } from 'node:http'
import type { EmulatorContext } from './context.js'
import type { Fields } from './http-util.js'
import { field } from './http-util.js'
import { newAccessToken, newRefreshToken } from './ids.js'
import type { AccessTokenRecord, Grant } from './state.js'
import type { Region } from './types.js'

/** Issuing and looking up tokens. @internal */

export interface TokenResponse {
  access_token: string
  refresh_token?: string
  token_type: 'bearer'
  expires_in: number
}

export function issueAccessToken(ctx: EmulatorContext, grant: Grant): string {
  const token = newAccessToken()
  const now = ctx.clock.now()
  ctx.state.accessTokens.set(token, {
    ...grant,
    scopes: [...grant.scopes],
    issuedAt: now,
    expiresAt: now + ctx.options.accessTokenLifetimeSeconds * 1000,
  })
  return token
}

export function issueRefreshToken(ctx: EmulatorContext, grant: Grant): string {
  const token = newRefreshToken()
  ctx.state.refreshTokens.set(token, { ...grant, scopes: [...grant.scopes], active: true })
  return token
}

/** A token response; the refresh token is new unless one is passed in. */
export function tokenResponse(
  ctx: EmulatorContext,
  grant: Grant,
  refresh: 'new' | 'none' | { reuse: string },
): TokenResponse {
  const accessToken = issueAccessToken(ctx, grant)
  const body: TokenResponse = {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: ctx.options.accessTokenLifetimeSeconds,
  }
  if (refresh === 'new') body.refresh_token = issueRefreshToken(ctx, grant)
  else if (refresh !== 'none') body.refresh_token = refresh.reuse
  // Amazon's captured order: access_token, refresh_token, token_type, expires_in.
  const ordered: TokenResponse = { access_token: body.access_token } as TokenResponse
  if (body.refresh_token) ordered.refresh_token = body.refresh_token
  ordered.token_type = body.token_type
  ordered.expires_in = body.expires_in
  return ordered
}

/** A live access token valid in this region, or undefined. */
export function findAccessToken(
  ctx: EmulatorContext,
  token: string | undefined,
  region: Region,
): AccessTokenRecord | undefined {
  if (!token) return undefined
  const record = ctx.state.accessTokens.get(token)
  if (!record) return undefined
  if (record.expiresAt <= ctx.clock.now()) return undefined
  if (ctx.options.regionBoundTokens && record.region !== region) return undefined
  return record
}

/** The access token of a profile request: `Authorization: Bearer` (any case), `x-amz-access-token` or `?access_token=`. */
export function accessTokenFrom(req: IncomingMessage, query: Fields): string | undefined {
  const auth = req.headers.authorization
  if (auth) {
    const match = /^bearer\s+(.*)$/i.exec(auth.trim())
    if (match) return match[1]!.trim()
  }
  const header = req.headers['x-amz-access-token']
  if (typeof header === 'string' && header !== '') return header.trim()
  return field(query, 'access_token')
}
