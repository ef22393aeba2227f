import { fileURLToPath } from 'node:url'
import { packageTestConfig } from '../../tools/config/vitest.mjs'

const config = packageTestConfig({ testTimeout: 60_000 })
// Like every @lwa-kit entry in tests, the emulator's `endpoints` entry from its source.
config.resolve.alias.unshift({
  find: /^@lwa-kit\/emulator\/endpoints$/,
  replacement: fileURLToPath(new URL('../../packages/emulator/src/endpoints.ts', import.meta.url)),
})
export default config
