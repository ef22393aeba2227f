import type { EmulatorContext } from './context.js'
import { appendParams, type Fields, field } from './http-util.js'
import { newAuthorizationCode } from './ids.js'
import { repeatedDescription } from './repeated.js'
import { firstUnknownScope, needsConsent, parseScopeData, scopeKey, splitScopes } from './scopes.js'
import type { AuthRequest } from './state.js'
import { issueAccessToken } from './tokens.js'
import type { Region, SecurityProfile } from './types.js'

/** Validation of `/ap/oa` requests and what happens on Allow and Cancel. @internal */

export const REDIRECT_NOT_ALLOWED =
  "The redirect URI you provided has not been whitelisted for your application. Please add your redirect URI in the 'Allowed Return URLs' section under 'Web Settings' for your Security Profile on Amazon Developer Portal."
export const UNKNOWN_SCOPE = 'An unknown scope was requested'

export type AuthorizeCheck =
  | { kind: 'ok'; request: AuthRequest }
  /** Shown on Amazon's error page, never redirected; `profile` is the client's, once known. */
  | {
      kind: 'page'
      status: number
      code: string
      message: string | undefined
      profile?: SecurityProfile
    }
  | { kind: 'redirect'; location: string }

/** https anywhere, http only on localhost (and, by option, loopback IPs). */
export function redirectSchemeAllowed(uri: string, allowLoopbackIp: boolean): boolean {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return false
  }
  if (url.hash !== '' || uri.includes('#')) return false
  if (url.protocol === 'https:') return true
  if (url.protocol !== 'http:') return false
  if (url.hostname === 'localhost') return true
  return allowLoopbackIp && (url.hostname === '127.0.0.1' || url.hostname === '[::1]')
}

function redirectAllowed(ctx: EmulatorContext, profile: SecurityProfile, uri: string): boolean {
  return (
    (profile.allowedReturnUrls ?? []).includes(uri) &&
    redirectSchemeAllowed(uri, ctx.options.allowLoopbackIpRedirect)
  )
}

/** Checks `/ap/oa` parameters in the order Amazon must: client, redirect, scope, then the rest. */
export function checkAuthorize(
  ctx: EmulatorContext,
  region: Region,
  params: Fields,
  /** A parameter the query repeats (RFC 6749 §3.1), when repeats are refused. */
  repeated?: string,
): AuthorizeCheck {
  // A repeated client_id or redirect_uri leaves no redirect URI to trust: the error page.
  if (repeated === 'client_id' || repeated === 'redirect_uri')
    return {
      kind: 'page',
      status: 400,
      code: 'repeated_parameter',
      message: repeatedDescription(repeated),
    }
  const clientId = field(params, 'client_id')
  const entry =
    clientId !== undefined && Buffer.byteLength(clientId) <= 100
      ? ctx.index.client(clientId, region)
      : undefined
  if (!entry) return { kind: 'page', status: 400, code: 'unknown_client', message: undefined }
  const { profile } = entry
  const redirectUri = field(params, 'redirect_uri')
  if (redirectUri === undefined || !redirectAllowed(ctx, profile, redirectUri))
    return {
      kind: 'page',
      status: 400,
      code: 'redirect_not_allowed',
      message: REDIRECT_NOT_ALLOWED,
      profile,
    }
  const rawScope = params.scope
  const scopes = splitScopes(
    Array.isArray(rawScope) ? rawScope.map(String) : field(params, 'scope'),
  )
  if (scopes.length === 0 || firstUnknownScope(scopes, profile) !== undefined)
    return { kind: 'page', status: 400, code: 'unknown_scope', message: UNKNOWN_SCOPE }
  const scopeData = parseScopeData(
    typeof params.scope_data === 'object' ? params.scope_data : field(params, 'scope_data'),
    scopes,
  )
  if (!scopeData.ok)
    return { kind: 'page', status: 400, code: 'bad_scope_data', message: undefined }

  let state = field(params, 'state')
  const fail = (error: string, description: string): AuthorizeCheck => ({
    kind: 'redirect',
    location: appendParams(redirectUri, { error, error_description: description, state }),
  })
  if (repeated !== undefined) return fail('invalid_request', repeatedDescription(repeated))
  const max = ctx.options.maxStateLength
  if (state !== undefined && max !== null && state.length > max) {
    state = undefined
    return fail('invalid_request', 'The request has an invalid parameter : state')
  }
  const responseType = field(params, 'response_type')
  if (responseType === undefined)
    return fail('invalid_request', 'The request is missing a required parameter : response_type')
  if (responseType !== 'code' && !(responseType === 'token' && ctx.options.implicitGrant))
    return fail(
      'unsupported_response_type',
      'The authorization server does not support obtaining an authorization code using this method',
    )
  const challenge = field(params, 'code_challenge')
  const method = field(params, 'code_challenge_method') ?? 'plain'
  if (challenge !== undefined) {
    if (method !== 'S256' && !(method === 'plain' && ctx.options.allowPkcePlain))
      return fail('invalid_request', 'The request has an invalid parameter : code_challenge_method')
    if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(challenge))
      return fail('invalid_request', 'The request has an invalid parameter : code_challenge')
  }
  return {
    kind: 'ok',
    request: {
      region,
      clientId: entry.client.clientId,
      profileId: profile.id,
      redirectUri,
      responseType: responseType as 'code' | 'token',
      scopes,
      scopeData: scopeData.value,
      state,
      codeChallenge: challenge,
      codeChallengeMethod: method === 'S256' ? 'S256' : 'plain',
    },
  }
}

/** True when this user already consented to exactly these scopes for this client (or none is needed). */
export function consentRemembered(
  ctx: EmulatorContext,
  request: AuthRequest,
  userId: string,
): boolean {
  if (!needsConsent(request.scopes)) return true
  return ctx.state.consents.has(
    ctx.state.consentKey(userId, request.clientId, scopeKey(request.scopes)),
  )
}

export function rememberConsent(
  ctx: EmulatorContext,
  clientId: string,
  scopes: string[],
  userId: string,
): void {
  ctx.state.consents.add(ctx.state.consentKey(userId, clientId, scopeKey(scopes)))
}

/** Allow: the redirect with a code (or, for the implicit grant, a token in the fragment). */
export function allowLocation(ctx: EmulatorContext, request: AuthRequest, userId: string): string {
  rememberConsent(ctx, request.clientId, request.scopes, userId)
  const grant = {
    userId,
    clientId: request.clientId,
    profileId: request.profileId,
    region: request.region,
    scopes: request.scopes,
  }
  const scope = request.scopes.join(' ')
  if (request.responseType === 'token') {
    const token = issueAccessToken(ctx, grant)
    const fragment = new URLSearchParams({
      access_token: token,
      token_type: 'bearer',
      expires_in: String(ctx.options.accessTokenLifetimeSeconds),
      scope,
    })
    if (request.state !== undefined) fragment.set('state', request.state)
    return `${request.redirectUri}#${fragment.toString().replace(/\+/g, '%20')}`
  }
  const code = newAuthorizationCode()
  ctx.state.codes.set(code, {
    ...grant,
    redirectUri: request.redirectUri,
    scopeData: request.scopeData,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
    expiresAt: ctx.clock.now() + ctx.options.codeLifetimeSeconds * 1000,
  })
  return appendParams(request.redirectUri, { code, scope, state: request.state })
}

/** Cancel: `access_denied`, as Amazon words it. */
export function denyLocation(request: AuthRequest): string {
  return appendParams(request.redirectUri, {
    error_description: 'Access not permitted.',
    error: 'access_denied',
    state: request.state,
  })
}
