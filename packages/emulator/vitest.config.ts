import { fileURLToPath } from 'node:url'
import { packageTestConfig, sourceAliases } from '../../tools/config/vitest.mjs'

// The README recipes import '@lwa-kit/emulator/testing': run them against the sources too.
const testing = {
  find: /^@lwa-kit\/emulator\/testing$/,
  replacement: fileURLToPath(new URL('./src/testing.ts', import.meta.url)),
}
const config = packageTestConfig()
config.resolve = { alias: [testing, ...sourceAliases()] }
export default config
