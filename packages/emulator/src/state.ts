import type { Region } from './types.js'

/** Everything the emulator remembers between requests; `reset()` empties it. @internal */

export interface Grant {
  userId: string
  clientId: string
  profileId: string
  region: Region
  scopes: string[]
}

export interface AuthCodeRecord extends Grant {
  redirectUri: string
  scopeData: Record<string, unknown> | undefined
  codeChallenge: string | undefined
  codeChallengeMethod: 'S256' | 'plain'
  expiresAt: number
}

export interface AccessTokenRecord extends Grant {
  issuedAt: number
  expiresAt: number
}

export interface RefreshTokenRecord extends Grant {
  active: boolean
}

export interface CodePairRecord {
  deviceCode: string
  userCode: string
  clientId: string
  profileId: string
  region: Region
  scopes: string[]
  scopeData: Record<string, unknown> | undefined
  expiresAt: number
  status: 'pending' | 'approved' | 'denied' | 'used'
  userId: string | undefined
  lastPollWallMs: number | undefined
}

/** A validated `/ap/oa` request waiting for sign-in or consent. */
export interface AuthRequest {
  region: Region
  clientId: string
  profileId: string
  redirectUri: string
  responseType: 'code' | 'token'
  scopes: string[]
  scopeData: Record<string, unknown> | undefined
  state: string | undefined
  codeChallenge: string | undefined
  codeChallengeMethod: 'S256' | 'plain'
}

export interface Transaction {
  request: AuthRequest
  expiresAt: number
}

export class EmulatorState {
  codes = new Map<string, AuthCodeRecord>()
  accessTokens = new Map<string, AccessTokenRecord>()
  refreshTokens = new Map<string, RefreshTokenRecord>()
  codePairs = new Map<string, CodePairRecord>()
  consents = new Set<string>()
  sessions = new Map<string, string>()
  transactions = new Map<string, Transaction>()

  reset(): void {
    this.codes.clear()
    this.accessTokens.clear()
    this.refreshTokens.clear()
    this.codePairs.clear()
    this.consents.clear()
    this.sessions.clear()
    this.transactions.clear()
  }

  codePairByUserCode(userCode: string): CodePairRecord | undefined {
    const wanted = userCode.trim().toUpperCase()
    for (const pair of this.codePairs.values()) if (pair.userCode === wanted) return pair
    return undefined
  }

  consentKey(userId: string, clientId: string, scopeKey: string): string {
    return `${userId}\n${clientId}\n${scopeKey}`
  }

  /** The user removed the app: refresh tokens stop working and consent is forgotten. */
  revoke(userId: string, clientId: string): number {
    let count = 0
    for (const record of this.refreshTokens.values()) {
      if (record.userId === userId && record.clientId === clientId && record.active) {
        record.active = false
        count++
      }
    }
    const prefix = `${userId}\n${clientId}\n`
    for (const key of [...this.consents]) if (key.startsWith(prefix)) this.consents.delete(key)
    return count
  }
}
