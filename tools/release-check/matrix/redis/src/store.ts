// The @lwa-kit/redis README's example: a token manager on RedisTokenStore with `new Redis(url)`.
import {
  createLwaClient,
  createTokenManager,
  type LwaEndpoints,
  type TokenManager,
} from '@lwa-kit/core'
import { RedisTokenStore } from '@lwa-kit/redis'
import { Redis } from 'ioredis'

export interface Settings {
  clientId: string
  clientSecret: string
  endpoints: LwaEndpoints
  redisUrl: string
  tokenKey: string
}

export function createTokens(settings: Settings): {
  tokens: TokenManager
  redis: Redis
  store: RedisTokenStore
} {
  const lwa = createLwaClient({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    endpoints: settings.endpoints,
  })
  const redis = new Redis(settings.redisUrl)
  const store = new RedisTokenStore({
    redis,
    keys: [{ id: '2026-11', key: settings.tokenKey }],
    prefix: 'myapp:lwa:',
    ttlSeconds: 90 * 24 * 3600,
  })
  return { tokens: createTokenManager({ client: lwa, store }), redis, store }
}
