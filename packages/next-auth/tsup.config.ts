import { libraryConfig } from '../../tools/config/tsup.mjs'

// Two entries: next-auth v4 (`.`) and Auth.js (`./auth-js`), whose types augment different modules.
export default libraryConfig({
  entry: { index: 'src/index.ts', 'auth-js': 'src/auth-js.ts' },
  platform: 'neutral',
  external: ['@lwa-kit/core', 'next-auth', '@auth/core'],
})
