import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'

/**
 * Who may talk to the emulator: the Host header check (against DNS rebinding), the cross-site
 * rule for control API writes, and the control API's bearer token. @internal
 */

export interface HostPolicy {
  /** Lower-case host names (IPv6 in brackets) always served. */
  names: Set<string>
  /** Bound to a wildcard address (0.0.0.0, ::): any IP literal is served too. */
  anyIp: boolean
}

const WILDCARDS = new Set(['0.0.0.0', '::', '', '[::]'])

/** Whether an address to listen on is a loopback one. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h)
}

function bracket(host: string): string {
  return isIP(host) === 6 ? `[${host.toLowerCase()}]` : host.toLowerCase()
}

export function hostPolicy(bound: string, extra: readonly string[]): HostPolicy {
  const names = new Set(['localhost', '127.0.0.1', '[::1]'])
  if (!WILDCARDS.has(bound)) names.add(bracket(bound))
  for (const name of extra) names.add(bracket(name.trim().replace(/\.$/, '')))
  return { names, anyIp: WILDCARDS.has(bound) }
}

/** The host name of a Host header (port removed, lower case, IPv6 kept in brackets). */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase()
  if (h.startsWith('[')) {
    const end = h.indexOf(']')
    return end === -1 ? h : h.slice(0, end + 1)
  }
  const colon = h.indexOf(':')
  return (colon === -1 ? h : h.slice(0, colon)).replace(/\.$/, '')
}

/** True when the request's Host may be served. A request without Host (HTTP/1.0) is served. */
export function hostAllowed(policy: HostPolicy, header: string | undefined): boolean {
  if (header === undefined) return true
  const name = hostName(header)
  if (policy.names.has(name) || name.endsWith('.localhost')) return true
  if (!policy.anyIp) return false
  return isIP(name.replace(/^\[|\]$/g, '')) !== 0
}

/**
 * Why a control API write must be refused as cross-site, or undefined when it may go on.
 * Browsers send `Sec-Fetch-Site` and `Origin`; tools and servers send neither.
 */
export function crossSiteReason(req: IncomingMessage): string | undefined {
  const site = req.headers['sec-fetch-site']
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none')
    return `Sec-Fetch-Site: ${site.slice(0, 32)}`
  const origin = req.headers.origin
  if (typeof origin !== 'string') return undefined
  let host: string
  try {
    host = new URL(origin).host
  } catch {
    return 'an opaque Origin'
  }
  if (origin === 'null' || host !== (req.headers.host ?? '').toLowerCase())
    return 'an Origin other than the emulator'
  return undefined
}

/** A fresh control token: 32 random bytes, base64url. */
export function newControlToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Whether the request carries `Authorization: Bearer <token>` (constant time). */
export function bearerMatches(req: IncomingMessage, token: string): boolean {
  const match = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
  if (!match) return false
  const a = createHash('sha256').update(match[1]!).digest()
  const b = createHash('sha256').update(token).digest()
  return timingSafeEqual(a, b)
}
