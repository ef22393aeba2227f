/**
 * One call to LWA within a time budget, with the caller's abort: the shared timer and abort
 * wiring of the Music API client and the provider fetch. @internal
 *
 * @module
 */
import { LwaAbortError, type LwaError, LwaNetworkError, LwaTimeoutError } from '../errors.js'

/**
 * Runs `run(signal)` with a signal that aborts after `timeoutMs` or when `caller` aborts; a
 * failure becomes `LwaAbortError` (the caller's), `LwaTimeoutError` (the budget) or
 * `LwaNetworkError` (anything else, the cause kept), each naming `endpoint`.
 */
export async function timedCall<T>(
  endpoint: string,
  timeoutMs: number,
  caller: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (caller?.aborted) throw new LwaAbortError(caller.reason)
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  const onAbort = () => controller.abort()
  caller?.addEventListener('abort', onAbort, { once: true })
  try {
    return await run(controller.signal)
  } catch (error) {
    const failure: LwaError = caller?.aborted
      ? new LwaAbortError(caller.reason)
      : timedOut
        ? new LwaTimeoutError(endpoint, timeoutMs)
        : new LwaNetworkError(endpoint, error)
    throw failure
  } finally {
    clearTimeout(timer)
    caller?.removeEventListener('abort', onAbort)
  }
}
