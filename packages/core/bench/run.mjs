// `npm run bench`: size and import time of @lwa-kit/core beside oauth4webapi and passport-amazon.
// Reports figures and ratios; asserts nothing.
import { importTimeBench, printImportTimes } from './import-time.mjs'
import { printSizes, sizeBench } from './size.mjs'

printSizes(await sizeBench())
printImportTimes(importTimeBench())
