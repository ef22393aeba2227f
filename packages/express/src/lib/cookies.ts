/**
 * The secret check of `lwaAuth`.
 *
 * @module
 */

/** Refuses a missing or short cookie secret at start-up, naming the variable to set. */
export function checkSecret(secret: string | readonly string[]): void {
  const secrets = Array.isArray(secret) ? secret : [secret]
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length < 32))
    throw new TypeError('lwaAuth needs a secret of at least 32 characters (LWA_COOKIE_SECRET).')
}
