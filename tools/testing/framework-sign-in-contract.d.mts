import type { LwaEndpoints } from '@lwa-kit/core'
import type { CookieJar } from './http.mjs'

/** What the framework sign-in contract gives an adapter's `start`. */
export interface FrameworkContractEnv {
  clientId: string
  clientSecret: string
  endpoints: LwaEndpoints
  /** The framework's secret (at least 32 characters). */
  secret: string
  /** The time budget for each LWA call (the provider's `timeoutMs`). */
  timeoutMs: number
  /** Registers the app's callback URL with the emulator. */
  allowReturnUrl(url: string): void
}

/** The app an adapter's `start` returns: the framework's own routes, driven as a browser would. */
export interface FrameworkContractApp {
  url: string
  close(): Promise<void>
  /** The framework's Amazon callback path (`/api/auth/callback/amazon`). */
  callbackPath: string
  /**
   * Starts a sign-in the framework's way (CSRF token, then its sign-in POST) with `returnTo` as its
   * return path: the start's status, and LWA's authorize URL unless the framework refused it.
   */
  login(jar: CookieJar, returnTo?: string): Promise<{ status: number; authorizeUrl?: string }>
  /** The URL a cross-site link to the sign-in route would open (a GET). */
  loginLink: string
  /** The signed-in user's email as the server reads it from the jar's session cookie, or undefined when signed out. */
  user(jar: CookieJar): Promise<string | undefined>
  /** What browser JavaScript reads (the framework's session endpoint). */
  session(jar: CookieJar): Promise<{ user?: { email?: string | null } } | null>
  /** Signs out the framework's way; `crossSite` sends it as another site's form would (no CSRF token). */
  signOut(jar: CookieJar, options: { crossSite: boolean }): Promise<Response>
}

/** Runs the framework-owned sign-in cases (outcomes, not status codes) against one adapter. */
export declare function runFrameworkSignInContract(options: {
  name: string
  start(env: FrameworkContractEnv): Promise<FrameworkContractApp>
  /** The framework keeps sessions server-side (rows), so sign-out must end every copy of the cookie. */
  serverSessions?: boolean
}): void
