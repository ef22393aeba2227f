import type { Server } from 'node:http'

/** The part of the emulator handle these helpers use. */
export interface EmulatorControl {
  authorize(params: Record<string, string>): { location: string }
  requests(): readonly EmulatorRequest[]
}

/** One entry of the emulator's request log. */
export interface EmulatorRequest {
  method: string
  path: string
  endpoint: string
  grant_type?: string
  client_id?: string
  status: number
}

/** A fetch that keeps cookies like a browser (one jar, enough for tests); never follows redirects. */
export declare class CookieJar {
  readonly cookies: Map<string, string>
  /** Every Set-Cookie line received. */
  readonly lines: string[]
  /** The `Cookie` header for the next request. */
  header(): string
  /** Stores a response's cookies (deleted when emptied or expired). */
  take(response: Response): void
  fetch(url: string, init?: RequestInit): Promise<Response>
  get(url: string, headers?: Record<string, string>): Promise<Response>
  /** Follows redirects (GET), returning the last response and its URL. */
  follow(
    url: string,
    init?: RequestInit,
    max?: number,
  ): Promise<{ response: Response; url: string }>
}

/** Starts a Node server on 127.0.0.1:0, building its handler once its URL is known. */
export declare function listen(
  build: (url: string) => unknown,
): Promise<{ url: string; server: Server; close(): Promise<void> }>

/** Decides an authorization URL on the emulator's control API (as the demo user Alice unless `userId`); returns the callback URL. */
export declare function approveAt(
  emulator: Pick<EmulatorControl, 'authorize'>,
  authorizeUrl: string,
  decision?: 'allow' | 'deny',
  userId?: string,
): string

/** Starts sign-in at the app's login URL and decides on the emulator; returns the callback URL. */
export declare function authorizeAt(
  jar: CookieJar,
  loginUrl: string,
  emulator: Pick<EmulatorControl, 'authorize'>,
  decision: { userId: string; decision: 'allow' | 'deny' },
): Promise<{ callbackUrl: string; authorizeUrl: URL }>

/** Counts the emulator's logged requests that match. */
export declare function countRequests<R = EmulatorRequest>(
  emulator: { requests(): readonly R[] },
  match: (request: R) => boolean,
): number
