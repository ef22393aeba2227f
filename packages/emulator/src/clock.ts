import type { EmulatorClock } from './types.js'

/**
 * The emulator's clock: a base clock plus an offset that `advanceClock` moves forward.
 * @internal
 */
export class ControlledClock {
  private offsetMs = 0

  constructor(private readonly base: EmulatorClock = { now: () => Date.now() }) {}

  /** Epoch milliseconds. */
  now(): number {
    return this.base.now() + this.offsetMs
  }

  /** Epoch seconds, rounded down. */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000)
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000
  }

  offsetSeconds(): number {
    return this.offsetMs / 1000
  }

  reset(): void {
    this.offsetMs = 0
  }
}
