/**
 * `@lwa-kit/core`: Login with Amazon for the Amazon Music API, on web standards only (fetch, URL,
 * Web Crypto), so it runs on Node, in browsers and on edge runtimes.
 *
 * @example
 * ```ts
 * import { createLwaClient } from '@lwa-kit/core'
 *
 * const lwa = createLwaClient({ clientId, clientSecret, region: 'NA' })
 * const fresh = await lwa.refresh(refreshToken)
 * ```
 *
 * @packageDocumentation
 */
export {
  type CallOptions,
  createLwaClient,
  type ExchangeCodeParams,
  type LwaClient,
  type LwaClientOptions,
  type RefreshOptions,
} from './client.js'
export {
  type CodePair,
  DEFAULT_POLL_INTERVAL_MS,
  MAX_POLL_INTERVAL_MS,
  MIN_POLL_INTERVAL_MS,
  type PollCodePairOptions,
  type PollProgress,
  type RequestCodePairParams,
} from './code-pair.js'
export {
  DEFAULT_CODE_RENEWALS,
  type DeviceCodePrompt,
  type DeviceLoginParams,
} from './device-login.js'
export * from './errors.js'
export { type LwaEndpoints, REGION_ENDPOINTS, type Region, resolveEndpoints } from './regions.js'
export {
  createSharedRefresh,
  createSingleFlight,
  type SharedRefresh,
  type SharedRefreshOptions,
  type SingleFlight,
  type SingleFlightOptions,
} from './single-flight.js'
export { isExpired, parseTokenResponse, type TokenSet } from './token-set.js'
