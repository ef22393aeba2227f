import { libraryConfig } from '../../tools/config/tsup.mjs'

// src/bin.ts starts with a shebang: esbuild keeps it and tsup marks dist/bin.js executable.
export default libraryConfig({ entry: ['src/index.ts', 'src/bin.ts'] })
