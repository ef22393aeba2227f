import { libraryConfig } from '../../tools/config/tsup.mjs'

// src/bin.ts starts with a shebang; esbuild keeps it and tsup marks the file executable.
export default libraryConfig({
  entry: ['src/index.ts', 'src/endpoints.ts', 'src/testing.ts', 'src/bin.ts'],
})
