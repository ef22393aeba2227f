import { libraryConfig } from '../../tools/config/tsup.mjs'

// Core runs on edge runtimes: build for the neutral platform so that any Node built-in fails the build.
// Two entries, `.` and `./errors`; splitting puts the error classes in one shared chunk, so that
// `@lwa-kit/core/errors`' InvalidGrantError is `@lwa-kit/core`'s, in ESM and in CommonJS.
export default libraryConfig({
  platform: 'neutral',
  entry: { index: 'src/index.ts', errors: 'src/public-errors.ts' },
  splitting: true,
})
