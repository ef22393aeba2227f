import { createHash, timingSafeEqual } from 'node:crypto'
import type { ClientEntry } from './config.js'
import type { EmulatorContext, RequestContext } from './context.js'
import { basicCredentials, type Fields, field, sendLwaError } from './http-util.js'

/** Client authentication for the token endpoint: body parameters or HTTP Basic. @internal */

export interface AuthenticatedClient {
  entry: ClientEntry
  /** Whether a correct client secret came with the request. */
  withSecret: boolean
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest()
  const hb = createHash('sha256').update(b).digest()
  return timingSafeEqual(ha, hb)
}

/**
 * `invalid_client`. After HTTP Basic it is 401 with `WWW-Authenticate: Basic` (RFC 6749 §5.2);
 * otherwise the status is the `invalidClientStatus` option.
 */
export function sendInvalidClient(ctx: EmulatorContext, rc: RequestContext): void {
  const basic = /^basic(?:\s|$)/i.test(rc.req.headers.authorization ?? '')
  sendLwaError(
    rc.res,
    basic ? 401 : ctx.options.invalidClientStatus,
    'invalid_client',
    'Client authentication failed',
    basic ? { 'WWW-Authenticate': 'Basic realm="Login with Amazon", charset="UTF-8"' } : {},
  )
}

export function sendMissing(rc: RequestContext, name: string): void {
  sendLwaError(
    rc.res,
    400,
    'invalid_request',
    `The request is missing a required parameter : ${name}`,
  )
}

/** The client id a request names (Basic first, then the body), for the request log. */
export function claimedClientId(rc: RequestContext, fields: Fields): string | undefined {
  const basic = basicCredentials(rc.req)
  if (basic && basic !== 'malformed') return basic.id
  return field(fields, 'client_id')
}

/**
 * Authenticates the client or answers the error itself (then returns undefined). Credentials may
 * come in the body or as HTTP Basic; when both come, they must agree.
 */
export function authenticateClient(
  ctx: EmulatorContext,
  rc: RequestContext,
  fields: Fields,
): AuthenticatedClient | undefined {
  const basic = basicCredentials(rc.req)
  if (basic === 'malformed') return void sendInvalidClient(ctx, rc)
  const bodyId = field(fields, 'client_id')
  const bodySecret = field(fields, 'client_secret')
  if (basic && bodyId !== undefined && bodyId !== basic.id) return void sendInvalidClient(ctx, rc)
  if (basic && bodySecret !== undefined && bodySecret !== basic.secret)
    return void sendInvalidClient(ctx, rc)
  const clientId = basic?.id ?? bodyId
  const secret = basic?.secret ?? bodySecret
  if (clientId === undefined || clientId === '') return void sendMissing(rc, 'client_id')
  const entry = ctx.index.client(clientId, rc.region)
  if (!entry) return void sendInvalidClient(ctx, rc)
  if (secret !== undefined) {
    const expected = entry.client.clientSecret
    if (expected === undefined || !sameSecret(secret, expected))
      return void sendInvalidClient(ctx, rc)
  }
  return { entry, withSecret: secret !== undefined }
}

/** Whether this client gets a refresh token for this request. */
export function mayGetRefreshToken(client: AuthenticatedClient): boolean {
  if (client.withSecret) return true
  const c = client.entry.client
  return c.refreshTokenWithoutSecret ?? c.type === 'device'
}
