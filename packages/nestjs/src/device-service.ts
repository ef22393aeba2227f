/**
 * Device linking (LWA code pair) for Nest routes, over core's `createDeviceLinking`: the pending
 * pair lives in a sealed cookie, a status request asks LWA at most once and never before the pair's
 * interval. No attempt is kept in memory and nothing polls in the background.
 *
 * @module
 */
import {
  createDeviceLinking,
  type DeviceLinking,
  type DeviceLinkingLinked,
  type DeviceLinkingPending,
  type DeviceLinkingRefused,
  type DeviceLinkingStartParams,
  isAnswered,
  type LwaClient,
  type NodeRequestLike,
  type NodeResponseLike,
  nodeWebRequest,
  type TokenManager,
  type TokenSet,
  writeNodeAnswer,
} from '@lwa-kit/core'
import { Inject, Injectable, NotFoundException } from '@nestjs/common'
import { LWA_MODULE_OPTIONS } from './module-definition.js'
import { type LwaModuleOptions, type LwaUser, secretFor } from './options.js'
import { keepTokens, type TokenKeeper, tokenKeeper } from './session-service.js'
import { LWA_CLIENT, LWA_TOKEN_MANAGER } from './tokens.js'

/**
 * The answer of {@link LwaDeviceService.start} (201): the code to show and where to enter it,
 * core's `DeviceLinkingPending` (ISO times). The device code stays in the sealed cookie.
 *
 * @example
 * ```ts
 * const { userCode, verificationUri, retryAt } = body as DeviceLinkStart
 * ```
 */
export type DeviceLinkStart = DeviceLinkingPending

/**
 * The answer of {@link LwaDeviceService.status}: `pending` (200), `linked` (200, the browser signed
 * in), or a refusal from core's error table: `denied` 403, `expired` 410, `none` 400 (no pending
 * pair, or its cookie is tampered, foreign or expired), `failed`.
 *
 * @example
 * ```ts
 * const s: DeviceLinkStatus = await devices.status(req, res, signIn)
 * if (s.status === 'linked') console.log(s.user.id)
 * ```
 */
export type DeviceLinkStatus = DeviceLinkingPending | DeviceLinkingLinked | DeviceLinkingRefused

/**
 * Options of {@link LwaDeviceService.start} (core's `DeviceLinkingStartParams`): `scope`,
 * `scopeData` and `locale` of this pair; the module's `device` options are the defaults (and
 * `profile` the scope's).
 *
 * @example
 * ```ts
 * await devices.start(req, res, { ...alexaAll({ productId: 'my_speaker', deviceSerialNumber: 'SN-1' }), locale: 'en-US' })
 * ```
 */
export type DeviceLinkOptions = DeviceLinkingStartParams

/**
 * Signs the browser in once linking succeeded, the way the app's sign-in callback does (with
 * `session` on: `LwaSessionService.signIn`, which keeps the tokens under the new session's
 * handle). Without `session` the tokens are already stored under `user.userId`.
 *
 * @example
 * ```ts
 * const signIn: DeviceSignIn = (user) => sessions.signIn(req, res, user)
 * ```
 */
export type DeviceSignIn = (user: LwaUser, tokens: TokenSet) => unknown

/** Express's request as Nest hands it (`req.secure` honours `trust proxy`). */
type Req = NodeRequestLike & { secure?: boolean }

/**
 * Links a device (a TV, a speaker, a CLI) to an Amazon account with LWA's code pair, for two
 * routes of yours: `start` (POST only, same-site only) and `status`. Off unless the module's
 * `device` option is given: a linked device signs in the browser that polls, so with device-code
 * phishing an attacker's browser would be signed in as the victim (both methods throw a 404
 * `NotFoundException` while off). Once the user entered the code, your `signIn` callback signs
 * the browser in; with `session` on, `LwaSessionService.signIn` keeps the tokens under the new
 * session's handle, else they are stored under the Amazon user id (as `LwaStrategy` does). Both methods write the answer to `res` (use `@Res()`).
 *
 * @example
 * ```ts
 * @Controller('auth/amazon/device')
 * export class DeviceController {
 *   constructor(
 *     @Inject(LwaDeviceService) private readonly devices: LwaDeviceService,
 *     @Inject(LwaSessionService) private readonly sessions: LwaSessionService,
 *   ) {}
 *
 *   @All('start')
 *   start(@Req() req: Request, @Res() res: Response) {
 *     return this.devices.start(req, res)
 *   }
 *
 *   @Get('status')
 *   status(@Req() req: Request, @Res() res: Response) {
 *     return this.devices.status(req, res, (user) => this.sessions.signIn(req, res, user))
 *   }
 * }
 * ```
 */
@Injectable()
export class LwaDeviceService {
  private readonly linking: DeviceLinking | undefined
  private readonly keeper: TokenKeeper

  constructor(
    @Inject(LWA_MODULE_OPTIONS) options: LwaModuleOptions,
    @Inject(LWA_CLIENT) client: LwaClient,
    @Inject(LWA_TOKEN_MANAGER) manager: TokenManager,
  ) {
    this.keeper = tokenKeeper(options, manager)
    const device = options.device
    if (!device) return
    this.linking = createDeviceLinking({
      ...device,
      client,
      secret: secretFor('device linking needs device.secret', device.secret, options),
      scope: device.scope ?? 'profile',
    })
  }

  /**
   * Whether the module's `device` option turned device linking on.
   *
   * @example
   * ```ts
   * if (devices.enabled) links.push('<a href="/device">Link a device</a>')
   * ```
   */
  get enabled(): boolean {
    return this.linking !== undefined
  }

  /**
   * Asks LWA for a code pair and writes core's answer: 201 {@link DeviceLinkStart} with the
   * sealed pending-pair cookie; 405 for another method than POST, 403 for a cross-site request,
   * 502 `LWA_MALFORMED_RESPONSE` for a `verification_uri` that is not https.
   *
   * @example
   * ```ts
   * @All('start')
   * start(@Req() req: Request, @Res() res: Response) {
   *   return this.devices.start(req, res, { scope: 'amazon_music:access' })
   * }
   * ```
   */
  async start(req: Req, res: NodeResponseLike, params: DeviceLinkOptions = {}): Promise<void> {
    const answer = await this.on().start(nodeWebRequest(req, req.secure === true), params)
    writeNodeAnswer(res, answer)
  }

  /**
   * Asks LWA at most once (never before the pair's interval) and writes core's answer. On
   * `linked` it stores the tokens under the Amazon user id and calls `signIn` before answering,
   * so a session cookie set on `res` goes out with it. Resolves the answer's body.
   *
   * @example
   * ```ts
   * @Get('status')
   * status(@Req() req: Request, @Res() res: Response) {
   *   return this.devices.status(req, res, (user) => this.sessions.signIn(req, res, user))
   * }
   * ```
   */
  async status(req: Req, res: NodeResponseLike, signIn?: DeviceSignIn): Promise<DeviceLinkStatus> {
    const outcome = await this.on().status(nodeWebRequest(req, req.secure === true))
    const answered = isAnswered(res) // the app answered first (a timeout): nothing more is written
    if (outcome.status === 'linked') {
      const { id: userId, ...who } = outcome.user
      const user = await keepTokens({ userId, ...who }, outcome.tokens, this.keeper, answered)
      if (!answered) await signIn?.(user, outcome.tokens)
    }
    writeNodeAnswer(res, outcome.answer) // core writes nothing to an answered response
    return JSON.parse(outcome.answer.body ?? '{}') as DeviceLinkStatus
  }

  private on(): DeviceLinking {
    if (!this.linking)
      throw new NotFoundException('Device linking is off (LwaModule option `device`).')
    return this.linking
  }
}
