/**
 * Reading and writing the adapter's cookies: HttpOnly, SameSite=Lax, Secure on https.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { openValue, sealValue } from '@lwa-kit/core'
import { parse, serialize } from 'cookie'

/** Seals and opens the session and device cookies with core's `sealValue`/`openValue`. */
export interface Sealer {
  seal(value: unknown, maxAgeSeconds: number, purpose: 'session' | 'device'): Promise<string>
  /** The value, or `undefined` when the cookie is absent, expired, tampered with or foreign. */
  open<T>(sealed: string | undefined, purpose: 'session' | 'device'): Promise<T | undefined>
}

/** Binds core's sealing to `lwaAuth`'s secret (a list rotates: the first seals, all open). */
export function createSealer(secret: string | readonly string[]): Sealer {
  const secrets = Array.isArray(secret) ? secret : [secret]
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length < 32))
    throw new TypeError('lwaAuth needs a secret of at least 32 characters (LWA_COOKIE_SECRET).')
  return {
    seal: (value, maxAgeSeconds, purpose) =>
      sealValue(value, { secret, maxAgeSeconds, purpose: `lwa-kit/express/${purpose}` }),
    async open<T>(sealed: string | undefined, purpose: string) {
      if (!sealed) return undefined
      return (await openValue<T>(sealed, { secret, purpose: `lwa-kit/express/${purpose}` }))?.value
    },
  }
}

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
