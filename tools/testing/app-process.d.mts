import type { ChildProcess } from 'node:child_process'

/** Real-looking LWA credentials (the shape of Amazon's, random): no emulator URL goes with them. */
export declare const REAL_LOOKING: { LWA_CLIENT_ID: string; LWA_CLIENT_SECRET: string }

/** The process environment without any setting a sample reads, with `extra` on top. */
export declare function cleanEnv(extra?: Record<string, string>): Record<string, string>

/** A port nothing listens on (on 127.0.0.1) right now. */
export declare function freePort(): Promise<number>

export interface StartedProcess {
  child: ChildProcess
  readonly stdout: string
  readonly stderr: string
  /** The exit code (null after a signal). */
  exited: Promise<number | null>
  /** Resolves once the output matches `pattern`; rejects when the process ends first or after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>
  /** Ends the process (by its pid) and waits for it. */
  stop(): Promise<void>
}

/** Starts `command args` and collects its output. */
export declare function startProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): StartedProcess

/** Whether a TCP connection to host:port is accepted: true, or the error code (ECONNREFUSED…). */
export declare function tryConnect(host: string, port: number): Promise<true | string>
