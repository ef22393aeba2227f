/**
 * Reading and writing the adapter's cookies: HttpOnly, SameSite=Lax, Secure on https.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { parse, serialize } from 'cookie'

/** The cookies of a request. */
export function readCookies(req: IncomingMessage): Record<string, string | undefined> {
  const header = req.headers.cookie
  return header ? parse(header) : {}
}

/** Whether the request arrived over https (Express's `req.secure` honours `trust proxy`). */
export function isSecure(req: IncomingMessage & { secure?: boolean }): boolean {
  return req.secure === true || Boolean((req.socket as { encrypted?: boolean }).encrypted)
}

/** Appends a `Set-Cookie` header, keeping the ones already set. */
export function setCookie(
  res: ServerResponse,
  name: string,
  value: string,
  options: { maxAgeSeconds: number; secure: boolean; path?: string },
): void {
  const cookie = serialize(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: options.path ?? '/',
    maxAge: Math.max(0, Math.floor(options.maxAgeSeconds)),
    ...(options.maxAgeSeconds <= 0 ? { expires: new Date(0) } : {}),
  })
  const previous = res.getHeader('Set-Cookie')
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)]
  res.setHeader('Set-Cookie', [...list, cookie])
}
