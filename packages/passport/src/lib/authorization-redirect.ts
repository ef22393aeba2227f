/**
 * The first leg of the sign-in: core builds the authorization URL (PKCE S256 and state), the state
 * store keeps the state and the verifier, and the user is redirected to Amazon.
 *
 * @module
 */
import type { LwaClient, ScopeData, ScopeInput } from '@lwa-kit/core'
import type { AmazonAuthenticateOptions } from '../amazon-strategy-options.js'
import type { AmazonStateMeta, AmazonStateStore } from '../state-store.js'
import type { StrategyRequest } from './http.js'
import { storeKeepsVerifier, storeState } from './state-store-calls.js'

/** What the redirect needs of the strategy (Passport's `redirect`/`error` and its settings). */
export interface RedirectHost {
  readonly lwa: LwaClient
  authorizationParams(options: AmazonAuthenticateOptions): object | undefined
  redirect(url: string): void
  error(err: Error): void
}

/** The strategy's defaults for the authorization request. */
export interface RedirectSettings {
  scope: ScopeInput
  scopeData: ScopeData | undefined
  pkce: boolean
  stateStore: AmazonStateStore
}

/** Removes the PKCE challenge from an authorization URL (PKCE off, or a store without verifier). */
export function stripPkce(url: URL): void {
  url.searchParams.delete('code_challenge')
  url.searchParams.delete('code_challenge_method')
}

/** The string values of `authorizationParams(options)`, sent as extra authorization parameters. */
function extraParams(host: RedirectHost, options: AmazonAuthenticateOptions) {
  const extra: Record<string, string> = {}
  for (const [key, value] of Object.entries(host.authorizationParams(options) ?? {}))
    if (typeof value === 'string') extra[key] = value
  return extra
}

/** Builds the authorization URL, stores state, and redirects (or reports the store's error). */
export async function redirectToAmazon(
  host: RedirectHost,
  settings: RedirectSettings,
  req: StrategyRequest,
  options: AmazonAuthenticateOptions,
  meta: AmazonStateMeta,
): Promise<void> {
  const extra = extraParams(host, options)
  const scopeData = (options.scopeData as ScopeData | undefined) ?? settings.scopeData
  const request = await host.lwa.authorizationUrl({
    scope: (options.scope as ScopeInput | undefined) ?? settings.scope,
    redirectUri: meta.callbackURL,
    ...(scopeData ? { scopeData } : {}),
    ...(Object.keys(extra).length > 0 ? { extraParams: extra } : {}),
  })
  const url = new URL(request.url)
  const store = settings.stateStore
  // Core always makes a verifier; stores keep it, and it is used only with PKCE on.
  const pkce = settings.pkce && storeKeepsVerifier(store)
  const stored = (err: Error | null, handle?: string) => {
    if (err) return host.error(err)
    if (handle && handle !== request.state) url.searchParams.set('state', handle)
    if (!pkce) stripPkce(url)
    host.redirect(url.toString())
  }
  storeState(
    store,
    req,
    request.codeVerifier,
    options.state,
    { ...meta, state: request.state },
    stored,
  )
}
