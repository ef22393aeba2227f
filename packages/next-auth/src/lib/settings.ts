/**
 * What the next-auth v4 and the Auth.js providers and helpers share internally: where the options
 * come from (the options object, the environment), how they are resolved on first use, and the
 * provider fields both providers have.
 *
 * @internal
 */
import { type LwaProviderSettings, resolveProviderSettings } from '@lwa-kit/core'
import type { AmazonOptions } from './options.js'

/** The symbol under which a provider keeps its options for the helpers. @internal */
export const AMAZON_OPTIONS: unique symbol = Symbol.for('@lwa-kit/next-auth.options') as never

/**
 * The environment variables a provider falls back on when its options leave the client id or
 * secret out (the Auth.js provider: `AUTH_AMAZON_ID`, `AUTH_AMAZON_SECRET`). Kept on the options
 * object under this symbol, so errors can name the variable. @internal
 */
export const AMAZON_ENV: unique symbol = Symbol.for('@lwa-kit/next-auth.env') as never

/** The variable names under {@link AMAZON_ENV}. @internal */
export interface AmazonEnvNames {
  clientId: string
  clientSecret: string
}

/**
 * Reads an environment variable where there is a `process.env` (Node, Next's edge runtime);
 * undefined on runtimes without one (there the framework passes its env, see `setEnvDefaults`).
 * @internal
 */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env
  return nonEmpty(env?.[name])
}

/** The value when it is a non-empty string, else undefined. @internal */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

function missingClientId(env: AmazonEnvNames | undefined): string {
  const later =
    'It is read on the first sign-in or session request, so `next build` runs without it.'
  if (env)
    return `Amazon(): no client id. Set ${env.clientId} (and ${env.clientSecret}) in the environment the server runs in, or pass clientId. ${later}`
  return `Amazon({ clientId }): the client id is empty. Pass your Security Profile's web client id, usually from an environment variable (LWA_CLIENT_ID in the README): set that variable in the environment the server runs in. ${later}`
}

/**
 * Checks and resolves provider options with core's `resolveProviderSettings` (once per options
 * object, so every request and the refresh helpers share one LWA client). Called on first use,
 * never when the provider is created, so a build without the secrets works. Throws core's
 * `InvalidArgumentError` (`LWA_INVALID_ARGUMENT`) naming the missing or bad setting. @internal
 */
export function resolveAmazon(options: AmazonOptions): LwaProviderSettings {
  const env = (options as { [AMAZON_ENV]?: AmazonEnvNames } | undefined)?.[AMAZON_ENV]
  return resolveProviderSettings(options, { missingClientId: missingClientId(env) })
}

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
