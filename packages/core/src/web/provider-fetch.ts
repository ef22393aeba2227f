/**
 * A `fetch` for frameworks that make LWA's calls themselves (Auth.js runs the code exchange and
 * the profile request with its own OAuth client): each call gets the provider's time budget, and
 * a code exchange for a code LWA never issues is refused before anything is sent.
 *
 * @module
 */
import { parseCallback } from '../callback.js'
import { timedCall } from '../lib/timed-call.js'

/** Options of {@link createProviderFetch}. */
export interface ProviderFetchOptions {
  /** The fetch that sends the calls (default: the global `fetch`). */
  fetch?: typeof fetch
  /** The time budget of each call, headers and body, in milliseconds (default 10 000). */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 10_000

/** The form a request carries, when it is one (a token request). */
function formOf(body: unknown): URLSearchParams | undefined {
  if (body instanceof URLSearchParams) return body
  if (typeof body === 'string' && body.includes('grant_type=')) return new URLSearchParams(body)
  return undefined
}

/**
 * Wraps a `fetch` for a framework's own OAuth client (Auth.js's `customFetch`) so that every LWA
 * call keeps the provider's rules:
 * - each call, its body included, ends within `timeoutMs`, else it fails with `LwaTimeoutError`;
 *   the caller's own `signal` still aborts it (`LwaAbortError`), and a failure to connect is an
 *   `LwaNetworkError`;
 * - an `authorization_code` grant whose code has characters or a length an LWA code never has is
 *   refused with core's callback error (`LWA_MALFORMED_RESPONSE`), LWA never asked.
 * The answer comes back as a new `Response` with the same status, headers and body.
 *
 * @example
 * ```ts
 * import { customFetch } from '@auth/core'
 * import { createProviderFetch } from '@lwa-kit/core'
 *
 * const provider = { id: 'amazon', type: 'oauth', [customFetch]: createProviderFetch({ timeoutMs: 5000 }) }
 * ```
 */
export function createProviderFetch(options: ProviderFetchOptions = {}): typeof fetch {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  return async (input, init = {}) => {
    const form = formOf(init.body)
    if (form?.get('grant_type') === 'authorization_code')
      parseCallback({ code: form.getAll('code') })
    return timedCall(endpointName(input), timeoutMs, init.signal ?? undefined, async (signal) => {
      const response = await send(input, { ...init, signal })
      const body = await response.arrayBuffer()
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      })
    })
  }
}

/** A name for the endpoint in error messages: its path, never its query (it may carry a token). */
function endpointName(input: string | URL | Request): string {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  try {
    return `LWA ${new URL(url).pathname}`
  } catch {
    return 'LWA'
  }
}
