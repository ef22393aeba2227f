// The package re-exports @lwa-kit/core's typed errors (tools/testing/error-exports.mjs).
import * as core from '@lwa-kit/core'
import { itReExportsCoreErrors } from '../../../tools/testing/error-exports.mjs'
import * as adapter from '../src/index.js'

itReExportsCoreErrors('@lwa-kit/passport', adapter, core)
