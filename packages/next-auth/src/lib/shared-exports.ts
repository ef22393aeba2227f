/**
 * What both entries (`@lwa-kit/next-auth` for next-auth v4 and `@lwa-kit/next-auth/auth-js`)
 * export besides their own `Amazon` provider and type augmentations: every export of these files
 * is public (what only the package uses lives in `settings.ts` and `read-token.ts`).
 *
 * @internal
 */
// Core's typed errors are re-exported by each entry itself (`export *` of another package must sit
// in the entry file, or esbuild drops it from the ESM build).
export * from './options.js'
export * from './refresh.js'
export * from './session.js'
