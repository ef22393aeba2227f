/**
 * The device linking settings of `lwaAuth` (LWA's "code pair"). The routes are core's
 * (`createWebAuth` over `createDeviceLinking`): the pending pair waits in a sealed cookie (any
 * instance can answer), a status request asks LWA at most once and never before the pair's
 * interval.
 *
 * @module
 */
import type { ScopeData, ScopeInput } from '@lwa-kit/core'

/**
 * Device linking settings of `lwaAuth`. Giving them turns device linking on (it is off
 * otherwise): a linked device signs in the browser that polls, so with device-code phishing an
 * attacker's browser would be signed in as the victim. Turn it on only in apps that link devices.
 *
 * @example
 * ```ts
 * const device: LwaDeviceOptions = { clientId: process.env.LWA_DEVICE_CLIENT_ID, scope: ['profile', 'amazon_music:access'] }
 * ```
 */
export interface LwaDeviceOptions {
  /** A device client id of the same Security Profile (default: the browser sign-in's client). */
  clientId?: string
  /** Its secret, if it has one. */
  clientSecret?: string
  /** Scopes to link with (default: the browser sign-in's). */
  scope?: ScopeInput
  /** `scope_data` (e.g. `amazon_music:access` device data). */
  scopeData?: ScopeData
  /** The device locale for the code page (`Accept-Language`). */
  locale?: string
  /** The pending-pair cookie's name (default `lwa_device`). */
  cookieName?: string
  /** Origins besides the app's own that may start linking (default none). */
  allowedOrigins?: readonly string[]
}
