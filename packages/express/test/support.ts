// Test helpers: a cookie jar over fetch (one jar per origin is not needed: cookie names differ),
// servers on 127.0.0.1:0, and the emulator's HTML sign-in and consent pages driven by fetch.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DEMO, type Emulator } from '@lwa-kit/emulator'

export class CookieJar {
  readonly cookies = new Map<string, string>()
  readonly lines: string[] = []

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await fetch(url, { ...init, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      this.lines.push(line)
      const [pair, ...attrs] = line.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq).trim()
      const value = pair!.slice(eq + 1).trim()
      const maxAge = attrs.map((a) => a.trim()).find((a) => /^max-age=/i.test(a))
      if (value === '' || (maxAge && Number(maxAge.split('=')[1]) <= 0)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }

  /** Follows redirects (GET), returning the last response. */
  async follow(
    url: string,
    init: RequestInit = {},
    max = 10,
  ): Promise<{ response: Response; url: string }> {
    let current = url
    let response = await this.fetch(current, init)
    for (let i = 0; i < max && response.status >= 300 && response.status < 400; i++) {
      current = new URL(response.headers.get('location')!, current).toString()
      response = await this.fetch(current, { headers: init.headers ?? {} })
    }
    return { response, url: current }
  }
}

/** Starts a server on 127.0.0.1:0, building the app once its URL is known. */
export async function listen(
  build: (url: string) => unknown,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const { createServer } = await import('node:http')
  let app: ((req: unknown, res: unknown) => void) | undefined
  const server = createServer((req, res) => app!(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  app = build(url) as typeof app
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Reads the first form of an emulator page: its action and its hidden fields. */
export function readForm(
  html: string,
  base: string,
): { action: string; fields: Record<string, string> } {
  const form = /<form method="post" action="([^"]+)">/.exec(html)
  if (!form) throw new Error(`no form in page: ${html.slice(0, 200)}`)
  const fields: Record<string, string> = {}
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[m[1]!] = m[2]!.replace(/&amp;/g, '&')
  return { action: new URL(form[1]!.replace(/&amp;/g, '&'), base).toString(), fields }
}

/**
 * From the app's login redirect to the app's callback URL, through the emulator's sign-in and
 * consent pages (as a browser would post them).
 */
export async function signInOnPages(
  jar: CookieJar,
  authorizeUrl: string,
  decision: 'allow' | 'deny' = 'allow',
  user: { email: string; password: string } = DEMO.users.alice,
): Promise<string> {
  const page = await jar.fetch(authorizeUrl)
  const signIn = readForm(await page.text(), authorizeUrl)
  const afterSignIn = await jar.fetch(signIn.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...signIn.fields, email: user.email, password: user.password }),
  })
  if (afterSignIn.status === 302) return afterSignIn.headers.get('location')!
  const consent = readForm(await afterSignIn.text(), signIn.action)
  const decided = await jar.fetch(consent.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...consent.fields, decision }),
  })
  if (decided.status !== 302) throw new Error(`consent answered ${decided.status}`)
  return decided.headers.get('location')!
}

export function approveAt(
  emulator: Emulator,
  authorizeUrl: string,
  decision: 'allow' | 'deny' = 'allow',
): string {
  const params = Object.fromEntries(new URL(authorizeUrl).searchParams)
  return emulator.authorize({ ...params, user_id: DEMO.users.alice.userId, decision }).location
}
