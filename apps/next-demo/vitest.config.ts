import { packageTestConfig } from '../../tools/config/vitest.mjs'

// One `next start` of the built app per run; the browser test needs more time than a unit test.
export default packageTestConfig({ testTimeout: 90_000, hookTimeout: 90_000 })
