// Test helpers: the repo's cookie jar and listen (tools/testing/http.mjs), a tiny session middleware
// (the role express-session plays in passport-amazon's README), and LWA tokens from the emulator.

import { createLwaClient, type LwaClient, type TokenSet } from '@lwa-kit/core'
import type { Emulator } from '@lwa-kit/emulator'
import { DEMO } from '@lwa-kit/emulator'
import type { NextFunction, Request, Response } from 'express'
import { approveAt } from '../../../tools/testing/http.mjs'

export { approveAt, CookieJar, listen } from '../../../tools/testing/http.mjs'

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
