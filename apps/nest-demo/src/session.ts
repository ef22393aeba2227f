import { randomBytes } from 'node:crypto'
import type { LwaUser } from '@lwa-kit/nestjs'
import { Inject, Injectable } from '@nestjs/common'
import type { DemoConfig } from './config.js'
import { appendCookie, cookiesOf, type Req, type Res } from './http.js'
import { DEMO_CONFIG } from './tokens.js'

export const SESSION_COOKIE = 'nest_demo_session'
const MAX_AGE_SECONDS = 8 * 60 * 60
const MAX_SESSIONS = 10_000

interface Session {
  user: LwaUser
  expiresAt: number
}

/**
 * The demo's sign-in sessions: a random id in an HttpOnly cookie, the user in memory. The user's
 * tokens are not here: LwaTokenService keeps them under the Amazon user id.
 */
@Injectable()
export class SessionService {
  private readonly sessions = new Map<string, Session>()
  private readonly secure: boolean

  constructor(@Inject(DEMO_CONFIG) config: DemoConfig) {
    this.secure = config.appUrl.startsWith('https:')
  }

  create(res: Res, user: LwaUser): void {
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value
      if (oldest !== undefined) this.sessions.delete(oldest)
    }
    const id = randomBytes(32).toString('base64url')
    this.sessions.set(id, { user, expiresAt: Date.now() + MAX_AGE_SECONDS * 1000 })
    appendCookie(res, this.cookie(id, MAX_AGE_SECONDS))
  }

  read(req: Req): LwaUser | undefined {
    const id = cookiesOf(req)[SESSION_COOKIE]
    const session = id ? this.sessions.get(id) : undefined
    if (!id || !session) return undefined
    if (session.expiresAt <= Date.now()) {
      this.sessions.delete(id)
      return undefined
    }
    return session.user
  }

  destroy(req: Req, res: Res): void {
    const id = cookiesOf(req)[SESSION_COOKIE]
    if (id) this.sessions.delete(id)
    appendCookie(res, this.cookie('', 0))
  }

  private cookie(value: string, maxAge: number): string {
    return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${this.secure ? '; Secure' : ''}`
  }
}
