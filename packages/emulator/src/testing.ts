/**
 * `@lwa-kit/emulator/testing`: the emulator in a test suite. One emulator per test file, reset
 * before each test ({@link useEmulator}); `signIn()` completes `/ap/oa` over HTTP without a
 * browser; `signInWithPage()` fills the sign-in and consent pages in a Playwright page; clock
 * helpers move the emulator clock past token, code and code pair lifetimes. Works with any runner
 * that has before/after hooks (vitest, jest, node:test, mocha).
 *
 * @example
 * ```ts
 * import { useEmulator } from '@lwa-kit/emulator/testing'
 * import { afterAll, beforeAll, beforeEach } from 'vitest'
 *
 * const lwa = useEmulator({ beforeAll, afterAll, beforeEach })
 * ```
 *
 * @packageDocumentation
 */
import { type StartEmulatorOptions, startEmulator } from './emulator.js'
import { type SignInOptions, signIn } from './testing-sign-in.js'
import type { Emulator } from './types.js'

export { type PageSignInOptions, type SignInPage, signInWithPage } from './testing-page.js'
export { type SignInOptions, signIn } from './testing-sign-in.js'

/**
 * A hook registration function of a test runner (`beforeAll`, `before`, `afterEach`…).
 *
 * @example
 * ```ts
 * import { before } from 'node:test'
 * const hook: TestHook = before
 * ```
 */
export type TestHook = (fn: () => Promise<void>) => unknown

/**
 * The hooks of your test runner: vitest and jest name them `beforeAll`/`afterAll`, node:test and
 * mocha `before`/`after`. `beforeEach` resets the emulator before each test.
 *
 * @example
 * ```ts
 * import { after, before, beforeEach } from 'node:test'
 * const hooks: TestHooks = { before, after, beforeEach }
 * ```
 */
export interface TestHooks {
  beforeAll?: TestHook
  before?: TestHook
  afterAll?: TestHook
  after?: TestHook
  beforeEach?: TestHook
}

/**
 * A length of time for the clock helpers.
 *
 * @example
 * ```ts
 * const later: Duration = { hours: 1, minutes: 5 }
 * ```
 */
export interface Duration {
  seconds?: number
  minutes?: number
  hours?: number
  days?: number
}

/**
 * The emulator of one test file, started in `beforeAll` and closed in `afterAll`.
 *
 * @example
 * ```ts
 * const lwa: EmulatorFixture = useEmulator({ beforeAll, afterAll, beforeEach })
 * // in a test:
 * lwa.expireAccessTokens()
 * ```
 */
export interface EmulatorFixture {
  /** The running emulator (throws outside tests, before `beforeAll` ran). */
  readonly emulator: Emulator
  /** Its base URL. */
  readonly url: string
  /** {@link signIn} against this emulator. */
  signIn(authorizationUrl: string | URL, options?: SignInOptions): Promise<string>
  /** Moves the emulator clock forward by seconds or by a {@link Duration}. */
  advanceClock(by: number | Duration): void
  /** Moves the clock past the access token lifetime: every access token issued so far expires. */
  expireAccessTokens(): void
  /** Moves the clock past the authorization code lifetime. */
  expireAuthorizationCodes(): void
  /** Moves the clock past the code pair lifetime (device flow). */
  expireCodePairs(): void
}

function seconds(by: number | Duration): number {
  if (typeof by === 'number') return by
  return (
    (by.seconds ?? 0) + (by.minutes ?? 0) * 60 + (by.hours ?? 0) * 3600 + (by.days ?? 0) * 86_400
  )
}

/**
 * Starts an emulator for the current test file (on 127.0.0.1, a free port) in the runner's
 * `beforeAll`/`before`, resets it in `beforeEach` (tokens, codes, sessions, consents, faults, the
 * log and the clock; return URLs added with `allowReturnUrl` stay) and closes it in
 * `afterAll`/`after`.
 *
 * @example
 * ```ts
 * import { useEmulator } from '@lwa-kit/emulator/testing'
 * import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
 *
 * const lwa = useEmulator({ beforeAll, afterAll, beforeEach }, { options: { rotateRefreshTokens: true } })
 * it('starts', () => expect(lwa.url).toMatch(/^http:\/\/127\.0\.0\.1:/))
 * ```
 */
export function useEmulator(hooks: TestHooks, input: StartEmulatorOptions = {}): EmulatorFixture {
  const before = hooks.beforeAll ?? hooks.before
  const after = hooks.afterAll ?? hooks.after
  if (!before || !after)
    throw new TypeError(
      'useEmulator needs beforeAll/afterAll (vitest, jest) or before/after (node:test)',
    )
  let running: Emulator | undefined
  before(async () => {
    running = await startEmulator(input)
  })
  hooks.beforeEach?.(async () => {
    running?.reset()
  })
  after(async () => {
    await running?.close()
    running = undefined
  })
  const current = (): Emulator => {
    if (!running) throw new Error('The emulator is not running: use it inside a test or a hook')
    return running
  }
  const options = input.options ?? {}
  return {
    get emulator() {
      return current()
    },
    get url() {
      return current().url
    },
    signIn: (url, signInOptions) => signIn(url, signInOptions),
    advanceClock: (by) => current().advanceClock(seconds(by)),
    expireAccessTokens: () =>
      current().advanceClock((options.accessTokenLifetimeSeconds ?? 3600) + 1),
    expireAuthorizationCodes: () =>
      current().advanceClock((options.codeLifetimeSeconds ?? 300) + 1),
    expireCodePairs: () => current().advanceClock((options.codePairLifetimeSeconds ?? 600) + 1),
  }
}
