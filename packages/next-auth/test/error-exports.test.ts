// Both entries re-export @lwa-kit/core's typed errors (tools/testing/error-exports.mjs).
import * as core from '@lwa-kit/core'
import { describe } from 'vitest'
import { itReExportsCoreErrors } from '../../../tools/testing/error-exports.mjs'
import * as authJs from '../src/auth-js.js'
import * as v4 from '../src/index.js'

describe('error exports', () => {
  itReExportsCoreErrors('@lwa-kit/next-auth', v4, core)
  itReExportsCoreErrors('@lwa-kit/next-auth/auth-js', authJs, core)
})
