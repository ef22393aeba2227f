/**
 * Which client, region and endpoints a command uses, from its options and the environment.
 *
 * @module
 */
import type { LwaEndpoints, Region } from '@lwa-kit/core'
import { emulatorEndpoints } from '@lwa-kit/emulator/endpoints'
import { defaultTokenPath } from './token-file.js'

/** A mistake in the command line (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Options shared by the commands that reach LWA. */
export interface ClientFlags {
  clientId?: string
  region?: string
  endpoint?: string
}

const REGIONS: readonly Region[] = ['NA', 'EU', 'FE']

/**
 * Parses `--region` (case-insensitive); NA when absent.
 *
 * @example
 * ```ts
 * parseRegion('eu') // 'EU'
 * ```
 */
export function parseRegion(value: string | undefined): Region {
  if (value === undefined) return 'NA'
  const upper = value.toUpperCase() as Region
  if (!REGIONS.includes(upper))
    throw new UsageError(`--region must be one of NA, EU, FE (got "${value}").`)
  return upper
}

/**
 * The LWA endpoints of an emulator (or any LWA look-alike) at `base`: the NA paths at its root.
 *
 * @example
 * ```ts
 * endpointsAt('http://127.0.0.1:4100').tokenEndpoint // 'http://127.0.0.1:4100/auth/o2/token'
 * ```
 */
export function endpointsAt(base: string): LwaEndpoints {
  let url: URL
  try {
    url = new URL(base)
  } catch {
    throw new UsageError(`--endpoint must be a URL such as http://127.0.0.1:4100 (got "${base}").`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError('--endpoint must be an http(s) URL.')
  return emulatorEndpoints(url.href)
}

/**
 * `--scope-data` as an object: a JSON object, or an error that says what is wrong.
 *
 * @example
 * ```ts
 * parseScopeData('{"alexa:all":{"productID":"P","productInstanceAttributes":{"deviceSerialNumber":"1"}}}')
 * ```
 */
export function parseScopeDataFlag(value: string | undefined): Record<string, unknown> | undefined {
  if (value === undefined) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw new UsageError('--scope-data must be a JSON object, for example \'{"alexa:all":{...}}\'.')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError('--scope-data must be a JSON object.')
  return parsed as Record<string, unknown>
}

/**
 * The token file of a command: `--file`/`--out`, else LWA_TOKEN_FILE, else the config folder.
 *
 * @example
 * ```ts
 * tokenPathFrom(undefined, process.env)
 * ```
 */
export function tokenPathFrom(
  flag: string | undefined,
  env: Record<string, string | undefined>,
): string {
  return flag ?? (env.LWA_TOKEN_FILE?.trim() ? env.LWA_TOKEN_FILE : defaultTokenPath(env))
}
