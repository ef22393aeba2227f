/**
 * Terminal output: plain lines when stdout is not a terminal (or NO_COLOR is set), a little
 * emphasis and a live countdown when it is.
 *
 * @module
 */
import { redactTokens } from '@lwa-kit/core'

/**
 * A writable stream, as far as the CLI needs one (`process.stdout` is one).
 *
 * @example
 * ```ts
 * let text = ''
 * const capture: OutputStream = { write: (chunk) => ((text += chunk), true) }
 * ```
 */
export interface OutputStream {
  write(chunk: string): boolean
  isTTY?: boolean
  columns?: number
}

/**
 * Where the CLI writes, and the environment it reads (LWA_CLIENT_ID, NO_COLOR, XDG_CONFIG_HOME…).
 *
 * @example
 * ```ts
 * const io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }
 * ```
 */
export interface CliIo {
  stdout: OutputStream
  stderr: OutputStream
  env: Record<string, string | undefined>
}

/** The CLI's writer. */
export interface Output {
  /** stdout is a terminal: live countdown, QR code in colour, big code. */
  readonly interactive: boolean
  /** Colours are allowed (a terminal, and NO_COLOR is not set). */
  readonly color: boolean
  /** Writes a line to stdout. */
  line(text?: string): void
  /** Writes a line to stderr, with tokens redacted. */
  error(text: string): void
  /** Bold when colours are allowed. */
  bold(text: string): string
  /** Dim when colours are allowed. */
  dim(text: string): string
  /** Shows `render(msLeft)` on one line, updated every second, until stopped (terminal only). */
  countdown(expiresAt: number, render: (msLeft: number) => string): { stop(): void }
}

/**
 * Creates the writer for the given streams.
 *
 * @example
 * ```ts
 * const out = createOutput({ stdout: process.stdout, stderr: process.stderr, env: process.env })
 * out.line(out.bold('Hello'))
 * ```
 */
export function createOutput(io: CliIo): Output {
  const interactive = io.stdout.isTTY === true
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== ''
  const color = interactive && !noColor && io.env.TERM !== 'dumb'
  const style = (open: string, close: string) => (text: string) =>
    color ? `\x1b[${open}m${text}\x1b[${close}m` : text
  let liveLine = false
  const clearLive = () => {
    if (liveLine) io.stdout.write('\r\x1b[2K')
    liveLine = false
  }
  return {
    interactive,
    color,
    line(text = '') {
      clearLive()
      io.stdout.write(`${text}\n`)
    },
    error(text) {
      clearLive()
      io.stderr.write(`${redactTokens(text)}\n`)
    },
    bold: style('1', '22'),
    dim: style('2', '22'),
    countdown(expiresAt, render) {
      if (!interactive) return { stop() {} }
      const draw = () => {
        io.stdout.write(`\r\x1b[2K${render(Math.max(0, expiresAt - Date.now()))}`)
        liveLine = true
      }
      draw()
      const timer = setInterval(draw, 1000)
      timer.unref?.()
      return {
        stop() {
          clearInterval(timer)
          clearLive()
        },
      }
    },
  }
}

/**
 * `m:ss` for a number of milliseconds.
 *
 * @example
 * ```ts
 * formatDuration(125_000) // '2:05'
 * ```
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const minutes = Math.floor(total / 60)
  const seconds = total % 60
  return `${minutes}:${String(seconds).padStart(2, '0')}`
}
