/**
 * RFC 6749 §3.1 and §3.2: "Request and response parameters MUST NOT be included more than once."
 * Finds the first repeated name of a query string or form body. @internal
 */

/** Names looked at at most, so a body of 64 KiB of `a&a&a…` costs one bounded pass. */
const MAX_NAMES = 1000

/** The first parameter name that occurs more than once, or undefined. Never throws. */
export function repeatedName(text: string): string | undefined {
  const seen = new Set<string>()
  let count = 0
  for (const key of new URLSearchParams(text).keys()) {
    if (seen.has(key)) return key
    seen.add(key)
    if (++count >= MAX_NAMES) return undefined
  }
  return undefined
}

/** The LWA-style description of a repeated parameter. */
export function repeatedDescription(name: string): string {
  return `The request has a repeated parameter : ${name.slice(0, 64)}`
}
