/**
 * The device linking settings of `lwaAuth` (LWA's "code pair"). The routes are core's
 * (`createWebAuth` over `createDeviceLinking`): the pending pair waits in a sealed cookie (any
 * instance can answer), a status request asks LWA at most once and never before the pair's
 * interval.
 *
 * @module
 */
import type { WebAuthDeviceOptions } from '@lwa-kit/core'

/**
 * Device linking settings of `lwaAuth`, core's `WebAuthDeviceOptions` (client id and secret,
 * scope, `scopeData`, locale, cookie name, allowed origins). Giving them turns device linking on (it is off
 * otherwise): a linked device signs in the browser that polls, so with device-code phishing an
 * attacker's browser would be signed in as the victim. Turn it on only in apps that link devices.
 *
 * @example
 * ```ts
 * const device: LwaDeviceOptions = { clientId: process.env.LWA_DEVICE_CLIENT_ID, scope: ['profile', 'amazon_music:access'] }
 * ```
 */
export type LwaDeviceOptions = WebAuthDeviceOptions
