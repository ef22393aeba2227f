import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ControlledClock } from './clock.js'
import type { ConfigIndex, ResolvedOptions } from './config.js'
import type { FaultRegistry } from './faults.js'
import type { Fields } from './http-util.js'
import type { RequestLog } from './request-log.js'
import type { HostPolicy } from './safety.js'
import type { EmulatorState } from './state.js'
import type { Region } from './types.js'

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
  /** The Host names served (DNS rebinding guard). */
  hostPolicy: HostPolicy
  /** The bearer token the control API requires, if any. */
  controlToken: string | undefined
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
  /** The first parameter name the query (or a form body) repeats, when `repeatedParameters` is `'reject'`. */
  repeated?: string
  /** What the request log records about this request. */
  logInfo: { endpoint: string; grant_type?: string; client_id?: string }
}
