/**
 * Thrown by the emulator's JS control methods (and {@link parseConfig}) for bad input; its
 * `status` is what the HTTP control API answers for the same input.
 *
 * @example
 * ```ts
 * try {
 *   emulator.authorize({ client_id: 'nope' })
 * } catch (error) {
 *   if (error instanceof EmulatorControlError) console.log(error.status, error.code)
 * }
 * ```
 */
export class EmulatorControlError extends Error {
  readonly status: number
  readonly code: string

  constructor(status: number, code: string, message: string) {
    super(message)
    this.name = 'EmulatorControlError'
    this.status = status
    this.code = code
  }
}
