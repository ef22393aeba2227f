import { allowLocation, checkAuthorize, denyLocation } from './authorize-core.js'
import type { EmulatorContext } from './context.js'
import { decidePair, pendingPair } from './device-approval.js'
import { EmulatorControlError } from './errors.js'
import { validateFault } from './faults.js'
import type { Fields } from './http-util.js'
import type { AuthorizeParams, Fault, RequestLogEntry } from './types.js'

/** The control operations behind both the JS handle and `/__emulator/*`. @internal */
export class Controller {
  constructor(
    private readonly ctx: EmulatorContext,
    private readonly onReset: () => void,
  ) {}

  authorize(params: AuthorizeParams): { location: string } {
    const ctx = this.ctx
    const region = params.region ?? 'NA'
    if (region !== 'NA' && region !== 'EU' && region !== 'FE')
      throw new EmulatorControlError(400, 'invalid_region', 'region must be NA, EU or FE')
    const fields: Fields = { ...params }
    if (Array.isArray(params.scope)) fields.scope = params.scope.join(' ')
    const check = checkAuthorize(ctx, region, fields)
    if (check.kind === 'page')
      throw new EmulatorControlError(
        check.status,
        check.code,
        check.message ?? "We're sorry! An error occurred when we tried to process your request.",
      )
    if (check.kind === 'redirect') return { location: check.location }
    const userId = params.user_id ?? ctx.index.config.users[0]?.userId
    if (!userId || !ctx.index.user(userId))
      throw new EmulatorControlError(400, 'unknown_user', 'user_id is not a configured user')
    const decision = params.decision ?? 'allow'
    if (decision !== 'allow' && decision !== 'deny')
      throw new EmulatorControlError(400, 'invalid_decision', 'decision must be allow or deny')
    return {
      location:
        decision === 'allow'
          ? allowLocation(ctx, check.request, userId)
          : denyLocation(check.request),
    }
  }

  approveDevice(input: { userCode: string; userId?: string; decision?: 'allow' | 'deny' }): void {
    const ctx = this.ctx
    const pair = typeof input.userCode === 'string' ? pendingPair(ctx, input.userCode) : undefined
    if (!pair)
      throw new EmulatorControlError(
        404,
        'unknown_user_code',
        'No pending, unexpired code pair has this user_code',
      )
    const userId = input.userId ?? ctx.index.config.users[0]?.userId
    if (!userId || !ctx.index.user(userId))
      throw new EmulatorControlError(400, 'unknown_user', 'user_id is not a configured user')
    const decision = input.decision ?? 'allow'
    if (decision !== 'allow' && decision !== 'deny')
      throw new EmulatorControlError(400, 'invalid_decision', 'decision must be allow or deny')
    decidePair(ctx, pair, userId, decision)
  }

  advanceClock(seconds: number): void {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)
      throw new EmulatorControlError(
        400,
        'invalid_clock',
        'advance_seconds must be a non-negative number',
      )
    this.ctx.clock.advance(seconds)
  }

  clock(): { now: string; offset_seconds: number } {
    return {
      now: new Date(this.ctx.clock.now()).toISOString(),
      offset_seconds: this.ctx.clock.offsetSeconds(),
    }
  }

  injectFault(fault: Fault): void {
    this.ctx.faults.add(validateFault(fault))
  }

  clearFaults(): void {
    this.ctx.faults.clear()
  }

  revoke(input: { userId: string; clientId: string }): number {
    if (typeof input.userId !== 'string' || typeof input.clientId !== 'string')
      throw new EmulatorControlError(400, 'invalid_request', 'user_id and client_id are required')
    return this.ctx.state.revoke(input.userId, input.clientId)
  }

  requests(): RequestLogEntry[] {
    return this.ctx.log.list()
  }

  clearRequests(): void {
    this.ctx.log.clear()
  }

  reset(): void {
    this.ctx.state.reset()
    this.ctx.faults.clear()
    this.ctx.log.clear()
    this.ctx.clock.reset()
    this.onReset()
  }

  allowReturnUrl(url: string, profileId?: string): void {
    if (typeof url !== 'string' || url === '')
      throw new EmulatorControlError(400, 'invalid_request', 'url is required')
    try {
      new URL(url)
    } catch {
      throw new EmulatorControlError(400, 'invalid_request', 'url is not an absolute URL')
    }
    const profiles = this.ctx.index.config.profiles
    const profile = profileId === undefined ? profiles[0] : profiles.find((p) => p.id === profileId)
    if (!profile) throw new EmulatorControlError(404, 'unknown_profile', 'No such security profile')
    profile.allowedReturnUrls ??= []
    if (!profile.allowedReturnUrls.includes(url)) profile.allowedReturnUrls.push(url)
  }
}
