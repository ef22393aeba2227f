/**
 * The adapter's cookie reading through core's one cookie reader (`__Host-<name>` when Express's
 * `req.secure`, which honours `trust proxy`, says https), and the secret check of `lwaAuth`.
 *
 * @module
 */
import { nodeWebRequest, readCookie } from '@lwa-kit/core'
import type { Request } from 'express'

/** Refuses a missing or short cookie secret at start-up, naming the variable to set. */
export function checkSecret(secret: string | readonly string[]): void {
  const secrets = Array.isArray(secret) ? secret : [secret]
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length < 32))
    throw new TypeError('lwaAuth needs a secret of at least 32 characters (LWA_COOKIE_SECRET).')
}

/** One of the adapter's cookies on a request (`__Host-<name>` behind https). */
export function cookieOf(req: Request, name: string): string | undefined {
  return readCookie(nodeWebRequest(req, req.secure), name)
}
