/**
 * Regions and endpoints of Login with Amazon.
 *
 * @module
 */
import { InvalidArgumentError } from './errors.js'

/** An LWA region: North America, Europe or the Far East. */
export type Region = 'NA' | 'EU' | 'FE'

/**
 * Where a client sends each request. The emulator's `endpoints` / `endpointsFor(region)` have
 * exactly this shape, so a test can pass them straight to {@link createLwaClient}.
 */
export interface LwaEndpoints {
  /** The browser sign-in page (`/ap/oa`). */
  authorizationEndpoint: string
  /** The token endpoint (`/auth/o2/token`). */
  tokenEndpoint: string
  /** The device authorization endpoint (`/auth/o2/create/codepair`). */
  codePairEndpoint: string
  /** Token info (`/auth/o2/tokeninfo`). */
  tokenInfoEndpoint: string
  /** The customer profile (`/user/profile`). */
  profileEndpoint: string
  /** The Amazon Music Web API base URL (without `/v1`). */
  musicApiBase: string
}

/**
 * Amazon's endpoints per region.
 *
 * Code pairs are documented on `api.amazon.com` only; the regional code-pair hosts below follow
 * the regional token hosts and are unconfirmed.
 *
 * @see https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html
 * @example
 * ```ts
 * REGION_ENDPOINTS.EU.tokenEndpoint // 'https://api.amazon.co.uk/auth/o2/token'
 * ```
 */
/** One region's endpoints: the sign-in page's host and the API host (the same paths everywhere). */
function regionEndpoints(signInHost: string, apiHost: string): Readonly<LwaEndpoints> {
  const api = `https://${apiHost}`
  return Object.freeze({
    authorizationEndpoint: `https://${signInHost}/ap/oa`,
    tokenEndpoint: `${api}/auth/o2/token`,
    codePairEndpoint: `${api}/auth/o2/create/codepair`,
    tokenInfoEndpoint: `${api}/auth/o2/tokeninfo`,
    profileEndpoint: `${api}/user/profile`,
    musicApiBase: 'https://api.music.amazon.dev',
  })
}

export const REGION_ENDPOINTS: Readonly<Record<Region, Readonly<LwaEndpoints>>> = Object.freeze({
  NA: regionEndpoints('www.amazon.com', 'api.amazon.com'),
  EU: regionEndpoints('eu.account.amazon.com', 'api.amazon.co.uk'),
  FE: regionEndpoints('apac.account.amazon.com', 'api.amazon.co.jp'),
})

/**
 * The endpoints of a region, with any of them overridden. An unknown region (anything but `NA`,
 * `EU` or `FE`) throws {@link InvalidArgumentError}, naming the three.
 *
 * @example
 * ```ts
 * resolveEndpoints('FE').authorizationEndpoint // 'https://apac.account.amazon.com/ap/oa'
 * resolveEndpoints('NA', emulator.endpoints)   // the emulator's
 * ```
 */
export function resolveEndpoints(
  region: Region = 'NA',
  overrides?: Partial<LwaEndpoints>,
): LwaEndpoints {
  if (!Object.hasOwn(REGION_ENDPOINTS, region))
    throw new InvalidArgumentError(`Unknown LWA region "${String(region)}": use NA, EU or FE.`)
  const base = REGION_ENDPOINTS[region]
  return { ...base, ...(overrides ?? {}) }
}
