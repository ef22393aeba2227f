import { EmulatorControlError } from './errors.js'
import type { Fault, FaultEndpoint } from './types.js'

/** Fault injection: a queue of faults per endpoint, each used `times` times. @internal */

const ENDPOINTS: FaultEndpoint[] = [
  'authorize',
  'token',
  'codepair',
  'tokeninfo',
  'profile',
  'music',
]
const KINDS: Fault['kind'][] = ['status', 'delay', 'malformed', 'reset']

export interface ActiveFault {
  endpoint: FaultEndpoint
  kind: Fault['kind']
  status: number
  delayMs: number
  remaining: number
}

/** Checks a fault from the JS or HTTP control API. */
export function validateFault(input: unknown): ActiveFault {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>
  const bad = (message: string): never => {
    throw new EmulatorControlError(400, 'invalid_fault', message)
  }
  const endpoint = raw.endpoint as FaultEndpoint
  if (!ENDPOINTS.includes(endpoint)) bad(`endpoint must be one of ${ENDPOINTS.join(', ')}`)
  const kind = raw.kind as Fault['kind']
  if (!KINDS.includes(kind)) bad(`kind must be one of ${KINDS.join(', ')}`)
  const status = raw.status ?? 500
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599)
    bad('status must be an integer HTTP status')
  const delayMs = raw.delayMs ?? raw.delay_ms ?? 1000
  if (typeof delayMs !== 'number' || !(delayMs >= 0) || delayMs > 600_000)
    bad('delay_ms must be a number of milliseconds up to 600000')
  const times = raw.times ?? 1
  if (typeof times !== 'number' || !Number.isInteger(times) || times < 1)
    bad('times must be a positive integer')
  return {
    endpoint,
    kind,
    status: status as number,
    delayMs: delayMs as number,
    remaining: times as number,
  }
}

export class FaultRegistry {
  private faults: ActiveFault[] = []

  add(fault: ActiveFault): void {
    this.faults.push(fault)
  }

  clear(): void {
    this.faults = []
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }))
  }

  /** Takes one use of the first fault for this endpoint, if any. */
  take(endpoint: FaultEndpoint): ActiveFault | undefined {
    const index = this.faults.findIndex((f) => f.endpoint === endpoint)
    if (index === -1) return undefined
    const fault = this.faults[index]!
    fault.remaining--
    if (fault.remaining <= 0) this.faults.splice(index, 1)
    return { ...fault }
  }
}
