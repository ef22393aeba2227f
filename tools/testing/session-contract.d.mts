import type { SignInContractEnv } from './sign-in-contract.mjs'

/** Runs the session cases (sign-out POST only and same-site only; it ends every copy of the cookie). */
export declare function runSessionContract(options: {
  name: string
  start(env: SignInContractEnv): Promise<{ url: string; close(): Promise<void> }>
  login: string
  callback: string
  logout: string
  /** The app's own route (POST, 204) that ends the session through the adapter (a revoked grant). */
  end?: string
}): void
