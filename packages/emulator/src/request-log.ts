import type { RequestLogEntry } from './types.js'

/** The request log. Entries carry no secret, token, code or password. @internal */
export class RequestLog {
  private entries: RequestLogEntry[] = []

  /** Keeps at most this many entries (the oldest go first). */
  constructor(private readonly limit = 10_000) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry)
    if (this.entries.length > this.limit) this.entries.shift()
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }))
  }

  clear(): void {
    this.entries = []
  }
}
