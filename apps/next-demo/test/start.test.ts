// `npm start` of the demo in its own process: the samples' one start contract
// (tools/testing/start-contract.mjs).
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runStartContract } from '../../../tools/testing/start-contract.mjs'

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')

runStartContract({
  name: 'Next.js demo',
  cwd: appDir,
  args: ['start.mjs'],
  secretVar: 'NEXTAUTH_SECRET',
  ready: /Ready in|started server/i,
  readyMs: 60_000,
  before: () => {
    if (!existsSync(join(appDir, '.next', 'BUILD_ID')))
      throw new Error('Build the app first: npx nx run @lwa-kit/next-demo:build')
  },
})
