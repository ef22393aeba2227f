/** Runs the `npm start` cases against one sample's start command. */
export declare function runStartContract(options: {
  /** The name the sample prints first on each line (e.g. `Express demo`). */
  name: string
  cwd: string
  /** Node arguments of the start command (e.g. `['src/server.js']`). */
  args: string[]
  /** The secret a sample needs with real LWA credentials. */
  secretVar: string
  /** Output that says the sample is serving. */
  ready: RegExp
  readyMs?: number
  /** Runs before a case that serves (a build check, say). */
  before?: () => void
}): void
