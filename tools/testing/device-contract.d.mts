import type { LwaEndpoints, MemoryTokenStore } from '@lwa-kit/core'

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
  /** With `answerFirst`: the token store the app should keep the sign-in's tokens in. */
  store?: MemoryTokenStore
}

/**
 * What an adapter's `start` gives back. `tokensByUserId` says where a linked sign-in's tokens are
 * kept when `env.store` was handed in: `true` under the Amazon user id (no sessions), `false` only
 * under a new session's handle; left out, the case does not look at the store.
 */
export interface DeviceContractApp {
  url: string
  close(): Promise<void>
  tokensByUserId?: boolean
}

/**
 * Runs the device-linking cases (off by default, start POST only and same-site only, at most one
 * LWA call per status request and never before the interval, slow_down, bad pending cookies,
 * linked signs in, a hostile verification_uri, no server state per attempt, the tokens of a pair
 * linked after the app answered first kept by core's one rule) against one adapter.
 */
export declare function runDeviceContract(options: {
  name: string
  start(env: DeviceContractEnv): Promise<DeviceContractApp>
  startPath: string
  statusPath: string
}): void
