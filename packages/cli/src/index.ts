/**
 * `@lwa-kit/cli`: the `lwa` command (device linking with LWA's code pair, fresh tokens, the
 * emulator), and its pieces for scripts that want them.
 *
 * @example
 * ```ts
 * import { runCli } from '@lwa-kit/cli'
 * process.exitCode = await runCli(['token'])
 * ```
 *
 * @packageDocumentation
 */
export { FileTokenStore } from './file-token-store.js'
export type { CliIo, OutputStream } from './output.js'
export { ExitCode, type RunCliOptions, runCli } from './program.js'
export {
  defaultTokenPath,
  deleteTokenFile,
  readTokenFile,
  type SavedLogin,
  writeTokenFile,
} from './token-file.js'
