/**
 * The whole device flow in one call: request a code pair, show it, poll, and (optionally) ask a
 * fresh pair when one expires before the user enters it.
 *
 * @module
 */
import type { ClientContext } from './client-context.js'
import {
  type CodePair,
  type DeviceTiming,
  type PollCodePairOptions,
  pollCodePair,
  type RequestCodePairParams,
  requestCodePair,
} from './code-pair.js'
import { CodePairExpiredError, InvalidArgumentError, LwaAbortError } from './errors.js'
import type { TokenSet } from './token-set.js'

/**
 * What {@link DeviceLoginParams.onCode} shows the user. The device code stays inside.
 *
 * @example
 * ```ts
 * const onCode = ({ userCode, verificationUri }: DeviceCodePrompt) =>
 *   console.log(`Go to ${verificationUri} and enter ${userCode}`)
 * ```
 */
export interface DeviceCodePrompt {
  /** The code to enter. */
  userCode: string
  /** Where to enter it. */
  verificationUri: string
  /** When the code expires, in milliseconds since the epoch. */
  expiresAt: number
  /** 1 for the first pair, 2 and up for renewed pairs. */
  attempt: number
}

/**
 * Arguments of {@link LwaClient.deviceLogin}.
 *
 * @example
 * ```ts
 * const params: DeviceLoginParams = {
 *   scope: 'amazon_music:access',
 *   onCode: ({ userCode, verificationUri }) => console.log(verificationUri, userCode),
 *   renewExpiredCode: true,
 * }
 * ```
 */
export interface DeviceLoginParams
  extends RequestCodePairParams,
    Pick<PollCodePairOptions, 'onPending' | 'intervalMs' | 'timeoutMs'> {
  /** Shows the code to the user; called again with each renewed pair. May return a promise. */
  onCode: (prompt: DeviceCodePrompt) => void | Promise<void>
  /** Stops the flow at once (`LwaAbortError`). */
  signal?: AbortSignal
  /**
   * Ask a fresh pair when one expires: `true` allows 3 renewals, a number sets the limit.
   * Default `false`: the first expiry ends the flow with `CodePairExpiredError`.
   */
  renewExpiredCode?: boolean | number
}

/**
 * How many fresh pairs `renewExpiredCode: true` asks at most (so 4 codes in all).
 *
 * @example
 * ```ts
 * await lwa.deviceLogin({ scope, onCode, renewExpiredCode: DEFAULT_CODE_RENEWALS + 2 })
 * ```
 */
export const DEFAULT_CODE_RENEWALS = 3

/** Runs the device flow. @internal */
export async function deviceLogin(
  ctx: ClientContext,
  params: DeviceLoginParams,
  timing?: DeviceTiming,
): Promise<TokenSet> {
  if (!params || typeof params.onCode !== 'function')
    throw new InvalidArgumentError('deviceLogin needs an onCode callback to show the user code.')
  const renewals =
    params.renewExpiredCode === true
      ? DEFAULT_CODE_RENEWALS
      : typeof params.renewExpiredCode === 'number'
        ? Math.max(0, Math.floor(params.renewExpiredCode))
        : 0
  const { signal } = params
  const callOptions = {
    ...(signal ? { signal } : {}),
    ...(params.timeoutMs !== undefined ? { timeoutMs: params.timeoutMs } : {}),
  }
  const pairParams: RequestCodePairParams = {
    scope: params.scope,
    ...(params.scopeData ? { scopeData: params.scopeData } : {}),
    ...(params.locale ? { locale: params.locale } : {}),
  }
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new LwaAbortError(signal.reason)
    const pair: CodePair = await requestCodePair(ctx, pairParams, callOptions)
    await params.onCode({
      userCode: pair.userCode,
      verificationUri: pair.verificationUri,
      expiresAt: pair.expiresAt,
      attempt,
    })
    try {
      return await pollCodePair(
        ctx,
        pair,
        {
          ...callOptions,
          ...(params.onPending ? { onPending: params.onPending } : {}),
          ...(params.intervalMs !== undefined ? { intervalMs: params.intervalMs } : {}),
        },
        timing,
      )
    } catch (err) {
      if (!(err instanceof CodePairExpiredError) || attempt > renewals) throw err
    }
  }
}
