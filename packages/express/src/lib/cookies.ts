/**
 * The adapter's cookies through core's one cookie writer and reader (HttpOnly, SameSite=Lax,
 * Path=/, and `Secure` with the `__Host-` prefix when Express's `req.secure`, which honours
 * `trust proxy`, says https).
 *
 * @module
 */
import type { ServerResponse } from 'node:http'
import { nodeWebRequest, openValue, readCookie, sealValue, serializeCookie } from '@lwa-kit/core'
import type { Request } from 'express'

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

/** One of the adapter's cookies on a request (`__Host-<name>` behind https). */
export function cookieOf(req: Request, name: string): string | undefined {
  return readCookie(nodeWebRequest(req, req.secure), name)
}

/** Appends a `Set-Cookie` header (core's writer), keeping the ones already set. */
export function setCookie(
  req: Request,
  res: ServerResponse,
  name: string,
  value: string,
  maxAgeSeconds: number,
): void {
  res.appendHeader(
    'Set-Cookie',
    serializeCookie(name, value, { maxAgeSeconds, secure: req.secure }),
  )
}
