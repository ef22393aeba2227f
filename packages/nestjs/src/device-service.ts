/**
 * Device linking (LWA code pair) as injectable service methods.
 *
 * @module
 */
import { randomUUID } from 'node:crypto'
import {
  type CodePair,
  checkVerificationUri,
  type LwaClient,
  type TokenManager,
  type TokenVerifier,
} from '@lwa-kit/core'
import { Inject, Injectable, NotFoundException, type OnModuleDestroy } from '@nestjs/common'
import { asHttp, statusOf } from './exceptions.js'
import { LWA_MODULE_OPTIONS } from './module-definition.js'
import type { LwaModuleOptions } from './options.js'
import { LWA_CLIENT, LWA_TOKEN_MANAGER, LWA_TOKEN_VERIFIER } from './tokens.js'

/**
 * What the user must be shown to link a device: the code and where to enter it. The device
 * code (the device's secret) stays in the service.
 *
 * @example
 * ```ts
 * const { id, userCode, verificationUri } = await devices.start()
 * ```
 */
export interface DeviceLinkStart {
  /** An opaque id of this linking attempt, for {@link LwaDeviceService.status}. */
  id: string
  /** The code the user enters. */
  userCode: string
  /** Where the user enters it. */
  verificationUri: string
  /** When the code expires, in milliseconds since the epoch. */
  expiresAt: number
}

/**
 * Where a linking attempt stands. `linked` carries the Amazon user id under which the tokens are
 * now stored (use it with `LwaTokenService` and `LwaMusicService`).
 *
 * @example
 * ```ts
 * const s = devices.status(id)
 * if (s.status === 'linked') await music.me(s.userId)
 * ```
 */
export type DeviceLinkStatus =
  | ({ status: 'pending' } & DeviceLinkStart)
  | { id: string; status: 'linked'; userId: string }
  | { id: string; status: 'denied' | 'expired' | 'failed'; code: string; message: string }

/**
 * Options of {@link LwaDeviceService.start}; the module's `device` options are the defaults.
 *
 * @example
 * ```ts
 * await devices.start({ ...alexaAll({ productId: 'my_speaker', deviceSerialNumber: 'SN-1' }), locale: 'en-US' })
 * ```
 */
export interface DeviceLinkOptions {
  /** The scopes asked (default: the module's `device.scope`, else `profile`). */
  scope?: string | readonly string[]
  /** `scope_data` of the pair. */
  scopeData?: Record<string, unknown>
  /** The device locale (`Accept-Language`). */
  locale?: string
}

interface Attempt {
  status: DeviceLinkStatus
  controller: AbortController
  done: Promise<DeviceLinkStatus>
  keepUntil: number
}

/** How long a finished attempt's result stays readable. */
const KEEP_FINISHED_MS = 10 * 60_000

/**
 * Links a device (a TV, a speaker, a CLI) to an Amazon account with LWA's code pair: `start()`
 * asks LWA for a code and keeps polling in the background; `status(id)` says whether the user
 * entered it; once they did, the tokens are stored through the module's token manager under
 * the Amazon user id (the token's `aud` is checked first).
 *
 * @example
 * ```ts
 * @Controller('device')
 * export class DeviceController {
 *   constructor(@Inject(LwaDeviceService) private readonly devices: LwaDeviceService) {}
 *
 *   @Post()
 *   start() {
 *     return this.devices.start()
 *   }
 *
 *   @Get(':id')
 *   status(@Param('id') id: string) {
 *     return this.devices.status(id)
 *   }
 * }
 * ```
 */
@Injectable()
export class LwaDeviceService implements OnModuleDestroy {
  private readonly attempts = new Map<string, Attempt>()

  constructor(
    @Inject(LWA_MODULE_OPTIONS) private readonly options: LwaModuleOptions,
    @Inject(LWA_CLIENT) private readonly client: LwaClient,
    @Inject(LWA_TOKEN_MANAGER) private readonly manager: TokenManager,
    @Inject(LWA_TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  /**
   * Asks LWA for a code pair and starts waiting for the user in the background.
   *
   * @example
   * ```ts
   * const { id, userCode, verificationUri } = await devices.start({ scope: 'amazon_music:access' })
   * ```
   */
  async start(params: DeviceLinkOptions = {}): Promise<DeviceLinkStart> {
    this.prune()
    const defaults = this.options.device ?? {}
    const scopeData = params.scopeData ?? defaults.scopeData
    const pair = await asHttp(async () => {
      const requested = await this.client.requestCodePair({
        scope: params.scope ?? defaults.scope ?? 'profile',
        ...(scopeData ? { scopeData } : {}),
        ...(params.locale ? { locale: params.locale } : {}),
      })
      checkVerificationUri(requested.verificationUri) // https only: it becomes a link
      return requested
    })
    const id = randomUUID()
    const start: DeviceLinkStart = {
      id,
      userCode: pair.userCode,
      verificationUri: pair.verificationUri,
      expiresAt: pair.expiresAt,
    }
    const controller = new AbortController()
    const attempt: Attempt = {
      status: { status: 'pending', ...start },
      controller,
      done: Promise.resolve(undefined as unknown as DeviceLinkStatus),
      keepUntil: pair.expiresAt + KEEP_FINISHED_MS,
    }
    attempt.done = this.poll(id, pair, controller.signal).then((status) => {
      attempt.status = status
      attempt.keepUntil = Date.now() + KEEP_FINISHED_MS
      return status
    })
    this.attempts.set(id, attempt)
    return start
  }

  /**
   * Where a linking attempt stands. Throws a 404 exception for an unknown or forgotten id.
   *
   * @example
   * ```ts
   * const { status } = devices.status(id) // 'pending' | 'linked' | 'denied' | 'expired' | 'failed'
   * ```
   */
  status(id: string): DeviceLinkStatus {
    this.prune()
    const attempt = this.attempts.get(id)
    if (!attempt)
      throw new NotFoundException('No device linking with this id (it may have expired).')
    return attempt.status
  }

  /**
   * Resolves when the attempt is finished (linked, denied, expired or failed).
   *
   * @example
   * ```ts
   * const result = await devices.wait(id)
   * ```
   */
  wait(id: string): Promise<DeviceLinkStatus> {
    const attempt = this.attempts.get(id)
    if (!attempt)
      throw new NotFoundException('No device linking with this id (it may have expired).')
    return attempt.done
  }

  /**
   * Stops waiting for an attempt and forgets it.
   *
   * @example
   * ```ts
   * devices.cancel(id)
   * ```
   */
  cancel(id: string): void {
    const attempt = this.attempts.get(id)
    attempt?.controller.abort()
    this.attempts.delete(id)
  }

  /** Stops every background poll when the app shuts down. */
  onModuleDestroy(): void {
    for (const id of [...this.attempts.keys()]) this.cancel(id)
  }

  private async poll(id: string, pair: CodePair, signal: AbortSignal): Promise<DeviceLinkStatus> {
    try {
      const tokens = await this.client.pollCodePair(pair, {
        signal,
        ...(this.options.device?.pollIntervalMs !== undefined
          ? { intervalMs: this.options.device.pollIntervalMs }
          : {}),
      })
      const info = await this.verifier.verify(tokens.accessToken)
      await this.manager.setTokens(info.userId, tokens)
      return { id, status: 'linked', userId: info.userId }
    } catch (error) {
      const code = (error as { code?: unknown }).code
      const ours = typeof code === 'string' && code.startsWith('LWA_')
      // Core's messages never hold a token; anything else is not shown.
      const message = ours && error instanceof Error ? error.message : 'Device linking failed.'
      const status =
        code === 'LWA_CODE_PAIR_EXPIRED'
          ? 'expired'
          : code === 'LWA_DEVICE_AUTHORIZATION_DENIED' || statusOf(error) === 403
            ? 'denied'
            : 'failed'
      return { id, status, code: ours ? code : 'LWA_INTERNAL', message }
    }
  }

  private prune(): void {
    const now = Date.now()
    for (const [id, attempt] of this.attempts)
      if (attempt.keepUntil <= now) {
        attempt.controller.abort()
        this.attempts.delete(id)
      }
  }
}
