/**
 * Device linking routes ("code pair"): start a pair, then check its status with one LWA request per call. The
 * pending pair waits in a sealed cookie, so any instance can answer the status route.
 *
 * @module
 */
import {
  type CodePair,
  checkCodePair,
  checkStateChanging,
  checkVerificationUri,
  createLwaClient,
  isLwaError,
  type LwaClient,
  LwaErrorCode,
  nodeWebRequest,
  normalizeScopes,
  type ScopeData,
  type ScopeInput,
  type TokenSet,
  writeNodeAnswer,
} from '@lwa-kit/core'
import type { Request, Response } from 'express'
import { cookieOf, type Sealer, setCookie } from './lib/cookies.js'
import { userFromTokens } from './session.js'
import type { LwaUser } from './types.js'

/**
 * Device linking settings of `lwaAuth`.
 *
 * @example
 * ```ts
 * const device: LwaDeviceOptions = { scope: ['profile', 'amazon_music:access'] }
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
}

/** @internal */
export interface DeviceRoutes {
  client: LwaClient
  start(req: Request, res: Response): Promise<void>
  status(req: Request, res: Response): Promise<void>
}

interface PendingPair {
  d: string
  u: string
  v: string
  e: number
  i: number
  s: string[]
}

/** @internal */
export function createDeviceRoutes(input: {
  options: LwaDeviceOptions
  client: LwaClient
  fallbackScope: string[]
  fallbackScopeData: ScopeData | undefined
  sealer: Sealer
  signIn(req: Request, res: Response, user: LwaUser, tokens: TokenSet): Promise<void>
}): DeviceRoutes {
  const { options, sealer } = input
  const client = options.clientId
    ? createLwaClient({
        clientId: options.clientId,
        ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
        region: input.client.region,
        endpoints: input.client.endpoints,
      })
    : input.client
  const scope = options.scope ? normalizeScopes(options.scope) : input.fallbackScope
  const scopeData = options.scopeData ?? (options.scope ? undefined : input.fallbackScopeData)
  const cookieName = options.cookieName ?? 'lwa_device'

  const clear = (req: Request, res: Response) => setCookie(req, res, cookieName, '', 0)

  return {
    client,
    async start(req, res) {
      // POST only, same-site only: another site cannot start a linking that signs this browser in.
      const refused = checkStateChanging(nodeWebRequest(req, req.secure))
      if (refused) {
        writeNodeAnswer(res, refused)
        return
      }
      const pair = await client.requestCodePair({
        scope,
        ...(scopeData ? { scopeData } : {}),
        ...(options.locale ? { locale: options.locale } : {}),
      })
      const pending: PendingPair = {
        d: pair.deviceCode,
        u: pair.userCode,
        v: checkVerificationUri(pair.verificationUri),
        e: pair.expiresAt,
        i: pair.interval,
        s: pair.scope ?? scope,
      }
      const maxAge = Math.max(1, Math.ceil((pair.expiresAt - Date.now()) / 1000))
      setCookie(req, res, cookieName, await sealer.seal(pending, maxAge, 'device'), maxAge)
      res.setHeader('Cache-Control', 'no-store')
      res.status(201).json({
        userCode: pair.userCode,
        verificationUri: pair.verificationUri,
        expiresAt: pair.expiresAt,
        interval: pair.interval,
      })
    },
    async status(req, res) {
      res.setHeader('Cache-Control', 'no-store')
      const pending = await sealer.open<PendingPair>(cookieOf(req, cookieName), 'device')
      if (!pending) {
        res.status(404).json({ status: 'none' })
        return
      }
      const pair: CodePair = {
        deviceCode: pending.d,
        userCode: pending.u,
        verificationUri: pending.v,
        expiresAt: pending.e,
        interval: pending.i,
        scope: pending.s,
      }
      // One poll per request: the page calling this route sets the pace.
      let tokens: TokenSet
      try {
        const check = await checkCodePair(client, pair)
        if (check.status === 'pending') {
          res.json({
            status: 'pending',
            reason: check.reason,
            userCode: pair.userCode,
            expiresAt: pair.expiresAt,
          })
          return
        }
        tokens = check.tokens
      } catch (err) {
        if (isLwaError(err) && err.code === LwaErrorCode.CodePairExpired) {
          clear(req, res)
          res.json({ status: 'expired' })
          return
        }
        if (isLwaError(err) && err.code === LwaErrorCode.DeviceAuthorizationDenied) {
          clear(req, res)
          res.json({ status: 'denied' })
          return
        }
        throw err
      }
      clear(req, res)
      const user = await userFromTokens(client, tokens, 'device')
      await input.signIn(req, res, user, tokens)
      res.json({ status: 'linked', user })
    },
  }
}
