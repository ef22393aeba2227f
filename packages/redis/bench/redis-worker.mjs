// One app instance for the Redis bench: a token manager on the shared RedisTokenStore (built dist),
// on a single Redis (`redisUrl`) or a Redis Cluster (`clusterNodes`, its own Cluster connection).
// Prints `ready`, waits for a line on stdin, runs N concurrent getAccessToken calls on one key,
// and prints a JSON line with how many calls succeeded (no tokens are printed).
import { createInterface } from 'node:readline'
import { createLwaClient, createTokenManager } from '@lwa-kit/core'
import { Cluster, Redis } from 'ioredis'
import { RedisTokenStore } from '../dist/index.js'

const config = JSON.parse(process.env.LWA_BENCH_WORKER)
const redis = config.clusterNodes ? new Cluster(config.clusterNodes) : new Redis(config.redisUrl)
redis.on('error', () => {})
// A key on each master, so every connection is open before the clock starts.
await (config.clusterNodes ? Promise.all(['a', 'b', 'c'].map((k) => redis.get(k))) : redis.ping())
const manager = createTokenManager({
  client: createLwaClient({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    endpoints: config.endpoints,
  }),
  store: new RedisTokenStore({ redis, keys: config.keys }),
})
const lines = createInterface({ input: process.stdin })
process.stdout.write('ready\n')
await new Promise((resolve) => lines.once('line', resolve))
lines.close()
const started = performance.now()
const results = await Promise.allSettled(
  Array.from({ length: config.callers }, () => manager.getAccessToken(config.key)),
)
const ms = performance.now() - started
const ok = results.filter((r) => r.status === 'fulfilled').length
const tokens = new Set(results.filter((r) => r.status === 'fulfilled').map((r) => r.value)).size
process.stdout.write(`${JSON.stringify({ ok, distinctTokens: tokens, ms })}\n`)
redis.disconnect()
