import type { LwaEndpoints } from '@lwa-kit/core'

/** What the sign-in contract gives an adapter's `start`. */
export interface SignInContractEnv {
  clientId: string
  clientSecret: string
  endpoints: LwaEndpoints
  /** A cookie-sealing secret (at least 32 characters). */
  secret: string
  /** The callback route's path; the redirect URI is `${url}${callbackPath}`. */
  callbackPath: string
  /** The time budget for each LWA call (the adapter's `timeoutMs`). */
  timeoutMs: number
  /** Registers the app's callback URL with the emulator. */
  allowReturnUrl(url: string): void
}

export declare const OPEN_REDIRECTS: readonly string[]
export declare const SIGN_IN_TIMEOUT_MS: number
export declare const SIGN_IN_FAULTS: readonly {
  kind: 'status' | 'delay' | 'malformed' | 'reset'
  status: number
  answer: number
  code: string
}[]

/** Runs the sign-in cases against one adapter's login and callback routes. */
export declare function runSignInContract(options: {
  name: string
  start(env: SignInContractEnv): Promise<{ url: string; close(): Promise<void> }>
  login: string
  callback: string
  bodyCode?: boolean
}): void
