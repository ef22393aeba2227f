/**
 * Device linking routes ("code pair") over core's `createDeviceLinking`: the pending pair waits in
 * a sealed cookie (any instance can answer), a status request asks LWA at most once and never
 * before the pair's interval. This file only translates.
 *
 * @module
 */
import {
  createDeviceLinking,
  createLwaClient,
  isAnswered,
  type LwaClient,
  nodeWebRequest,
  normalizeScopes,
  type ScopeData,
  type ScopeInput,
  type TokenSet,
  writeNodeAnswer,
} from '@lwa-kit/core'
import type { Request, Response } from 'express'
import type { LwaUser } from './types.js'

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

/** @internal */
export interface DeviceRoutes {
  client: LwaClient
  start(req: Request, res: Response): Promise<void>
  status(req: Request, res: Response): Promise<void>
}

/** @internal */
export function createDeviceRoutes(input: {
  options: LwaDeviceOptions
  client: LwaClient
  fallbackScope: string[]
  fallbackScopeData: ScopeData | undefined
  secret: string | readonly string[]
  signIn(req: Request, res: Response, user: LwaUser, tokens: TokenSet): Promise<void>
  /** lwaAuth's transport and time budget, for a device client of its own. */
  fetch: typeof fetch
  timeoutMs?: number
}): DeviceRoutes {
  const { options } = input
  const client = options.clientId
    ? createLwaClient({
        clientId: options.clientId,
        ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
        region: input.client.region,
        endpoints: input.client.endpoints,
        fetch: input.fetch,
        ...(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}),
      })
    : input.client
  const scopeData = options.scopeData ?? (options.scope ? undefined : input.fallbackScopeData)
  const linking = createDeviceLinking({
    client,
    secret: input.secret,
    scope: options.scope ? normalizeScopes(options.scope) : input.fallbackScope,
    ...(scopeData ? { scopeData } : {}),
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.cookieName ? { cookieName: options.cookieName } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
  })

  return {
    client,
    async start(req, res) {
      writeNodeAnswer(res, await linking.start(nodeWebRequest(req, req.secure)))
    },
    async status(req, res) {
      const outcome = await linking.status(nodeWebRequest(req, req.secure))
      if (isAnswered(res)) return // the app answered first (a timeout): nothing more is written
      // Linked: sign the browser in like the web sign-in does (a new session of core's).
      if (outcome.status === 'linked')
        await input.signIn(req, res, { ...outcome.user, via: 'device' }, outcome.tokens)
      writeNodeAnswer(res, outcome.answer)
    },
  }
}
