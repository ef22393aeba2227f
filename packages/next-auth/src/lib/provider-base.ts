/**
 * The part of the Amazon provider config that next-auth v4 and Auth.js share: id, name, client,
 * and the authorization request's scope (with `scope_data`).
 *
 * @internal
 */
import type { AmazonOptions, ResolvedAmazon } from './options.js'

/** The common fields of both providers; `params` go in `authorization.params`. */
export function providerBase(options: AmazonOptions, resolved: ResolvedAmazon) {
  return {
    id: 'amazon',
    name: 'Amazon',
    type: 'oauth' as const,
    clientId: options.clientId,
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    params: {
      scope: resolved.scope,
      ...(resolved.scopeData ? { scope_data: resolved.scopeData } : {}),
    },
  }
}
