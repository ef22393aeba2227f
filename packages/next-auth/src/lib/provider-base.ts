/**
 * The part of the Amazon provider config that next-auth v4 and Auth.js share: id, name, type,
 * and the authorization request's scope (with `scope_data`).
 *
 * @internal
 */
import type { LwaProviderSettings } from '@lwa-kit/core'

/** The fixed fields of both providers. */
export const PROVIDER_BASE = { id: 'amazon', name: 'Amazon', type: 'oauth' } as const

/** The `authorization.params` of both providers: the scope and any `scope_data`. */
export function authorizationParams(resolved: LwaProviderSettings): {
  scope: string
  scope_data?: string
} {
  return {
    scope: resolved.scope.join(' '),
    ...(resolved.scopeData ? { scope_data: resolved.scopeData } : {}),
  }
}
