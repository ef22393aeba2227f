import { libraryConfig } from '../../tools/config/tsup.mjs'

// Core runs on edge runtimes: build for the neutral platform so that any Node built-in fails the build.
export default libraryConfig({ platform: 'neutral' })
