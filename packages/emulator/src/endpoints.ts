/**
 * `@lwa-kit/emulator/endpoints`: where a running emulator serves LWA, as core's `endpoints`
 * option takes it, and the demo configuration's ids (`DEMO`). No Node API, so apps, edge
 * middleware and CLIs can point at an emulator by URL without loading the emulator itself.
 *
 * @packageDocumentation
 */
import type { EmulatorEndpoints, Region } from './types.js'

export { DEMO } from './demo.js'
export type { EmulatorEndpoints, Region } from './types.js'

/** The regions and their path prefixes. @internal */
export const REGION_PREFIX: Record<Region, string> = { NA: '', EU: '/eu', FE: '/fe' }

/**
 * The endpoints of an emulator's region under its base URL (trailing slashes ignored): NA at the
 * root, EU under `/eu`, FE under `/fe`; the Music API at the root.
 *
 * @example
 * ```ts
 * import { emulatorEndpoints } from '@lwa-kit/emulator/endpoints'
 *
 * const lwa = createLwaClient({ clientId, endpoints: emulatorEndpoints('http://127.0.0.1:4100') })
 * emulatorEndpoints('http://127.0.0.1:4100', 'EU').tokenEndpoint // 'http://127.0.0.1:4100/eu/auth/o2/token'
 * ```
 */
export function emulatorEndpoints(baseUrl: string, region: Region = 'NA'): EmulatorEndpoints {
  const root = baseUrl.replace(/\/+$/, '')
  const base = `${root}${REGION_PREFIX[region]}`
  return {
    authorizationEndpoint: `${base}/ap/oa`,
    tokenEndpoint: `${base}/auth/o2/token`,
    codePairEndpoint: `${base}/auth/o2/create/codepair`,
    tokenInfoEndpoint: `${base}/auth/o2/tokeninfo`,
    profileEndpoint: `${base}/user/profile`,
    musicApiBase: root,
  }
}
