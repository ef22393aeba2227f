// Test helpers: a cookie jar over fetch, Express servers on 127.0.0.1:0, a tiny session middleware
// (the role express-session plays in passport-amazon's README), and LWA tokens from the emulator.

import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createLwaClient, type LwaClient, type TokenSet } from '@lwa-kit/core'
import type { Emulator } from '@lwa-kit/emulator'
import { DEMO } from '@lwa-kit/emulator'
import type { NextFunction, Request, Response } from 'express'

export class CookieJar {
  readonly cookies = new Map<string, string>()

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  take(response: Response | globalThis.Response): void {
    for (const line of (response as globalThis.Response).headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq).trim()
      const value = pair!.slice(eq + 1).trim()
      const maxAge = attrs.map((a) => a.trim()).find((a) => /^max-age=/i.test(a))
      if (value === '' || (maxAge && Number(maxAge.split('=')[1]) <= 0)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  async fetch(url: string, init: RequestInit = {}): Promise<globalThis.Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size > 0) headers.set('cookie', this.header())
    const response = await fetch(url, { ...init, headers, redirect: 'manual' })
    this.take(response)
    return response
  }
}

export async function listen(
  app: (req: never, res: never) => void,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const { createServer } = await import('node:http')
  const server = createServer(app as never)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A minimal in-memory session middleware with the parts Passport 0.7 uses (regenerate, save). */
export function memorySession() {
  const sessions = new Map<string, Record<string, unknown>>()
  let counter = 0
  const newId = () => `s${++counter}${Math.random().toString(36).slice(2)}`
  return (req: Request, res: Response, next: NextFunction) => {
    const match = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')
    let id = match?.[1] && sessions.has(match[1]) ? match[1] : newId()
    const attach = (data: Record<string, unknown>) => {
      Object.defineProperties(data, {
        regenerate: {
          enumerable: false,
          configurable: true,
          value: (cb: (err?: unknown) => void) => {
            sessions.delete(id)
            id = newId()
            const fresh: Record<string, unknown> = {}
            sessions.set(id, fresh)
            ;(req as unknown as { session: unknown }).session = attach(fresh)
            res.setHeader('Set-Cookie', `sid=${id}; Path=/; HttpOnly; SameSite=Lax`)
            cb()
          },
        },
        save: {
          enumerable: false,
          configurable: true,
          value: (cb: (err?: unknown) => void) => cb(),
        },
      })
      return data
    }
    if (!sessions.has(id)) {
      sessions.set(id, {})
      res.setHeader('Set-Cookie', `sid=${id}; Path=/; HttpOnly; SameSite=Lax`)
    }
    ;(req as unknown as { session: unknown }).session = attach(sessions.get(id)!)
    next()
  }
}

/** Follows the authorization redirect through the emulator's control API (no browser). */
export function approveAt(
  emulator: Emulator,
  authorizeUrl: string,
  decision: 'allow' | 'deny' = 'allow',
  userId: string = DEMO.users.alice.userId,
): string {
  const params = Object.fromEntries(new URL(authorizeUrl).searchParams)
  return emulator.authorize({ ...params, user_id: userId, decision }).location
}

/** Signs a user in for `client` straight through the emulator and returns the tokens. */
export async function tokensFor(
  emulator: Emulator,
  client: LwaClient,
  scope = 'profile',
  userId: string = DEMO.users.alice.userId,
): Promise<TokenSet> {
  const redirectUri = DEMO.returnUrls.expressDemo
  const request = await client.authorizationUrl({ scope, redirectUri })
  const location = approveAt(emulator, request.url, 'allow', userId)
  return client.handleCallback(location, { ...request, redirectUri })
}

export function webClient(emulator: Emulator): LwaClient {
  return createLwaClient({
    clientId: DEMO.webClientId,
    clientSecret: DEMO.webClientSecret,
    endpoints: emulator.endpoints,
  })
}
