import type { LwaEndpoints } from '@lwa-kit/core'

/** What the device-linking contract gives an adapter's `start`. */
export interface DeviceContractEnv {
  clientId: string
  clientSecret: string
  endpoints: LwaEndpoints
  /** A cookie-sealing secret (at least 32 characters). */
  secret: string
  /** Whether the app turns device linking on. */
  device: boolean
  /** When given, its `middleware` runs before everything (it answers 503 first). */
  answerFirst?: { middleware(req: unknown, res: unknown, next: () => void): void }
}

/**
 * Runs the device-linking cases (off by default, start POST only and same-site only, at most one
 * LWA call per status request and never before the interval, slow_down, bad pending cookies,
 * linked signs in, a hostile verification_uri, no server state per attempt) against one adapter.
 */
export declare function runDeviceContract(options: {
  name: string
  start(env: DeviceContractEnv): Promise<{ url: string; close(): Promise<void> }>
  startPath: string
  statusPath: string
}): void
