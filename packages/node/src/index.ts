/**
 * `@lwa-kit/node`: the Node-only helpers the lwa-kit adapters share, so that `@lwa-kit/core`
 * stays free of Node APIs (it runs on edge runtimes): a `fetch` transport on `node:http` that the
 * Node adapters hand to core as its `fetch`, the bearer cache key on `node:crypto`
 * (`nodeTokenHash`) and sealing on `node:crypto` (`nodeSealCrypto`).
 *
 * @example
 * ```ts
 * import { createLwaClient } from '@lwa-kit/core'
 * import { nodeFetch } from '@lwa-kit/node'
 *
 * const lwa = createLwaClient({ clientId, clientSecret, fetch: nodeFetch() })
 * ```
 *
 * @packageDocumentation
 */
export { createNodeFetch, type NodeFetchOptions, nodeFetch } from './node-fetch.js'
export { type NodeSealCrypto, nodeSealCrypto } from './seal-crypto.js'
export { nodeTokenHash } from './token-hash.js'
