/**
 * The token endpoint call every grant shares (authorization code, refresh token, device code):
 * one POST with the client's time budget, its answer parsed into a `TokenSet`.
 *
 * @module
 */
import type { ClientContext } from './client-context.js'
import { type CallOptions, requestJson } from './lib/http.js'
import { parseTokenResponse, type TokenSet } from './token-set.js'

/** Posts a grant to the token endpoint and parses the answer. @internal */
export async function tokenRequest(
  ctx: ClientContext,
  form: Record<string, string | undefined>,
  options: CallOptions & { retry: boolean; scope?: string[]; previousRefreshToken?: string },
): Promise<TokenSet> {
  const grant = form.grant_type as 'authorization_code' | 'refresh_token' | 'device_code'
  const response = await requestJson(ctx.http, {
    endpoint: 'token',
    url: ctx.endpoints.tokenEndpoint,
    method: 'POST',
    form,
    retry: options.retry,
    grant,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  })
  return parseTokenResponse(response.body, {
    now: ctx.http.now(),
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.previousRefreshToken ? { previousRefreshToken: options.previousRefreshToken } : {}),
  })
}
