import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ControlledClock } from './clock.js'
import { type ConfigIndex, REGION_PREFIX, type ResolvedOptions } from './config.js'
import type { FaultRegistry } from './faults.js'
import type { Fields } from './http-util.js'
import type { RequestLog } from './request-log.js'
import type { EmulatorState } from './state.js'
import type { EmulatorEndpoints, Region } from './types.js'

/** What every handler can reach. @internal */
export interface EmulatorContext {
  index: ConfigIndex
  options: ResolvedOptions
  state: EmulatorState
  clock: ControlledClock
  faults: FaultRegistry
  log: RequestLog
  /** `http://host:port`, set once the server listens. */
  baseUrl: string
}

/** One request, with its region already taken off the path. @internal */
export interface RequestContext {
  req: IncomingMessage
  res: ServerResponse
  region: Region
  /** `''`, `'/eu'` or `'/fe'`. */
  prefix: string
  /** The path inside the region, e.g. `/auth/o2/token`. */
  path: string
  query: Fields
  /** What the request log records about this request. */
  logInfo: { endpoint: string; grant_type?: string; client_id?: string }
}

/** The endpoints of a region under a base URL. @internal */
export function endpointsFor(baseUrl: string, region: Region): EmulatorEndpoints {
  const base = `${baseUrl}${REGION_PREFIX[region]}`
  return {
    authorizationEndpoint: `${base}/ap/oa`,
    tokenEndpoint: `${base}/auth/o2/token`,
    codePairEndpoint: `${base}/auth/o2/create/codepair`,
    tokenInfoEndpoint: `${base}/auth/o2/tokeninfo`,
    profileEndpoint: `${base}/user/profile`,
    musicApiBase: baseUrl,
  }
}
