#!/usr/bin/env node
// The `lwa` command. A committed file, so npm links it at install time (before any
// build, also in this repo's workspace); it runs the build output, dist/bin.js.
import('../dist/bin.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist')) {
    console.error('lwa: @lwa-kit/cli is not built yet: run npm run build first.')
    process.exitCode = 1
    return
  }
  throw error
})
