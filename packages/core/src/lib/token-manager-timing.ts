/**
 * Timing of the token manager: backoff after failed refreshes, and polling while another
 * instance holds the refresh lock.
 *
 * @internal
 */

/** "Equal jitter": half of the exponential step fixed, half random, so a wait is never zero. */
function equalJitter(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30))
  return Math.floor(step / 2 + random() * (step / 2))
}

/** How long to keep serving a still-valid token before trying a failed refresh again: 0.5–1 s, doubling, up to 60 s. */
export function refreshRetryDelay(attempt: number, random: () => number): number {
  return equalJitter(attempt, 1000, 60_000, random)
}

/** How long to wait before looking at the store again while another instance refreshes: 10–20 ms, doubling, up to 0.5 s. */
export function lockPollDelay(attempt: number, random: () => number): number {
  return equalJitter(attempt, 20, 500, random)
}

/** How long to wait before writing a refreshed set again after the store refused it: 25–50 ms, doubling, up to 5 s. */
export function saveRetryDelay(attempt: number, random: () => number): number {
  return equalJitter(attempt, 50, 5000, random)
}

/** Calls `task` every `everyMs` until stopped; the timer never keeps a process alive. */
export function repeat(task: () => void, everyMs: number): () => void {
  const timer = setInterval(task, Math.max(5, everyMs))
  ;(timer as { unref?: () => void }).unref?.()
  return () => clearInterval(timer)
}

/**
 * Runs `task` once after `ms`. This timer does keep a process alive: it writes a refreshed token
 * set the store refused, and exiting before would lose it.
 */
export function later(task: () => void, ms: number): () => void {
  const timer = setTimeout(task, ms)
  return () => clearTimeout(timer)
}
