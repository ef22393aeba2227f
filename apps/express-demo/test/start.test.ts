// `npm start` of the demo in its own process: the samples' one start contract
// (tools/testing/start-contract.mjs).
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runStartContract } from '../../../tools/testing/start-contract.mjs'

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')

runStartContract({
  name: 'Express demo',
  cwd: appDir,
  args: ['src/server.js'],
  secretVar: 'LWA_COOKIE_SECRET',
  ready: /Express demo on /,
})
