/**
 * A sign-in's slot inside one record of a session (passport-oauth2's layout:
 * `req.session['oauth2:www.amazon.com'].state`), for {@link createSessionStateStore}.
 *
 * @module
 */
import type { SessionSlot } from './sign-in-state-store.js'

/**
 * The slot `field` of the record `session[key]`: writing keeps the record's other fields, and
 * emptying the slot removes the record once nothing else is in it (the session stays as it was
 * before the sign-in).
 *
 * @example
 * ```ts
 * const store = createSessionStateStore(sessionRecordSlot(req.session, 'oauth2:www.amazon.com'))
 * ```
 */
export function sessionRecordSlot(
  session: Record<string, unknown>,
  key: string,
  field = 'state',
): SessionSlot {
  const record = () => session[key] as Record<string, unknown> | undefined
  return {
    read: () => record()?.[field],
    write(value) {
      const kept = record() ?? {}
      if (value !== undefined) kept[field] = value
      else delete kept[field]
      if (Object.keys(kept).length > 0) session[key] = kept
      else delete session[key]
    },
  }
}
