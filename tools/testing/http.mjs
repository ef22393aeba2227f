// HTTP helpers for the adapter and app tests: a cookie-keeping fetch, servers on 127.0.0.1:0, and
// the emulator's consent decided through its control API (no browser).
import { createServer } from 'node:http'
import { DEMO } from '@lwa-kit/emulator'

/** A fetch that keeps cookies like a browser (one jar, enough for these tests); never follows redirects. */
export class CookieJar {
  /** @type {Map<string, string>} */
  cookies = new Map()
  /** @type {string[]} every Set-Cookie line received */
  lines = []

  /** The `Cookie` header for the next request. */
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  /** Stores a response's cookies (deleted when emptied or expired). @param {Response} response */
  take(response) {
    for (const line of response.headers.getSetCookie()) {
      this.lines.push(line)
      const [pair = '', ...attributes] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attributes.some(
        (a) => /^\s*max-age=(0|-\d+)\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a),
      )
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  /** @param {string} url @param {RequestInit} [init] @returns {Promise<Response>} */
  async fetch(url, init = {}) {
    const headers = new Headers(init.headers)
    if (this.cookies.size > 0) headers.set('cookie', this.header())
    const response = await fetch(url, { ...init, headers, redirect: 'manual' })
    this.take(response)
    return response
  }

  /** @param {string} url @param {Record<string, string>} [headers] */
  get(url, headers = {}) {
    return this.fetch(url, { method: 'GET', headers })
  }

  /** Follows redirects (GET), returning the last response and its URL. */
  async follow(url, init = {}, max = 10) {
    let current = url
    let response = await this.fetch(current, init)
    for (let i = 0; i < max && response.status >= 300 && response.status < 400; i++) {
      current = new URL(response.headers.get('location') ?? '', current).toString()
      response = await this.fetch(current, { headers: init.headers ?? {} })
    }
    return { response, url: current }
  }
}

/** Starts a Node server on 127.0.0.1:0, building its handler once its URL is known. */
export async function listen(build) {
  /** @type {((req: unknown, res: unknown) => void) | undefined} */
  let handler
  const server = createServer((req, res) => handler?.(req, res))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  handler = build(url)
  return {
    url,
    server,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** Decides an authorization URL on the emulator's control API (as Alice by default); returns the callback URL. */
export function approveAt(
  emulator,
  authorizeUrl,
  decision = 'allow',
  userId = DEMO.users.alice.userId,
) {
  const params = Object.fromEntries(new URL(authorizeUrl).searchParams)
  return emulator.authorize({ ...params, user_id: userId, decision }).location
}

/** Starts sign-in at the app's login URL and decides on the emulator; returns the callback URL. */
export async function authorizeAt(jar, loginUrl, emulator, { userId, decision }) {
  const res = await jar.get(loginUrl)
  if (res.status !== 302) throw new Error(`login answered ${res.status}: ${await res.text()}`)
  const authorizeUrl = new URL(res.headers.get('location') ?? '')
  return { callbackUrl: approveAt(emulator, authorizeUrl.href, decision, userId), authorizeUrl }
}

/** Counts the emulator's logged requests that match. */
export function countRequests(emulator, match) {
  return emulator.requests().filter(match).length
}
