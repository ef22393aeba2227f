// Test helpers (as in packages/nestjs/test): a cookie-keeping fetch and sign-in without a browser.
import type { Emulator } from '@lwa-kit/emulator'

/** A fetch that keeps cookies like a browser (enough for these tests) and never follows redirects. */
export class Browser {
  readonly cookies = new Map<string, string>()

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(url, { method: 'GET', headers })
  }

  async request(url: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), ...(cookie ? { cookie } : {}) },
    })
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return res
  }
}

/** Starts sign-in at the app and decides on the emulator; returns the callback URL to open. */
export async function authorizeAt(
  browser: Browser,
  loginUrl: string,
  emulator: Emulator,
  decision: { userId: string; decision: 'allow' | 'deny' },
): Promise<{ callbackUrl: string; authorizeUrl: URL }> {
  const res = await browser.get(loginUrl)
  if (res.status !== 302) throw new Error(`login answered ${res.status}: ${await res.text()}`)
  const authorizeUrl = new URL(res.headers.get('location') ?? '')
  const params = Object.fromEntries(authorizeUrl.searchParams)
  const { location } = emulator.authorize({
    ...params,
    user_id: decision.userId,
    decision: decision.decision,
  })
  return { callbackUrl: location, authorizeUrl }
}

/** Counts the emulator's requests that match. */
export function count(
  emulator: Emulator,
  match: (r: ReturnType<Emulator['requests']>[number]) => boolean,
) {
  return emulator.requests().filter(match).length
}
