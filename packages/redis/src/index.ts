/**
 * `@lwa-kit/redis`: a token store on Redis for `@lwa-kit/core`'s token manager. Token sets are
 * encrypted at rest (AES-256-GCM, rotating keys), and a cross-instance lock makes N app instances
 * refresh a user's token once.
 *
 * @example
 * ```ts
 * import { RedisTokenStore } from '@lwa-kit/redis'
 * import { Redis } from 'ioredis'
 *
 * const store = new RedisTokenStore({
 *   redis: new Redis(process.env.REDIS_URL!),
 *   keys: [{ id: 'k1', key: process.env.LWA_TOKEN_KEY! }],
 * })
 * ```
 *
 * @packageDocumentation
 */
export { RedisUnavailableError } from './redis-errors.js'
export { RedisTokenStore, type RedisTokenStoreOptions } from './redis-token-store.js'
export { type EncryptionKey, generateEncryptionKey, TokenDecryptionError } from './token-cipher.js'
