/**
 * Public types of the emulator: its configuration, its options, its endpoints and its control API.
 *
 * @module
 */

/**
 * An LWA region. NA is served at the emulator's root, EU under `/eu`, FE under `/fe`.
 *
 * @example
 * ```ts
 * const region: Region = 'EU'
 * ```
 */
export type Region = 'NA' | 'EU' | 'FE'

/**
 * The kind of a security-profile client: `web` clients have a secret, `device` clients have none.
 *
 * @example
 * ```ts
 * const type: ClientType = 'device'
 * ```
 */
export type ClientType = 'web' | 'device'

/**
 * One client (an OAuth `client_id`) of a security profile.
 *
 * @example
 * ```ts
 * const client: EmulatorClient = {
 *   clientId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
 *   clientSecret: 'my-secret',
 *   type: 'web',
 * }
 * ```
 */
export interface EmulatorClient {
  /** The client id, at most 100 bytes (`amzn1.application-oa2-client.<32 hex>` on Amazon). */
  clientId: string
  /** The client secret. Web clients have one; device clients do not. */
  clientSecret?: string
  /** `web` or `device`. */
  type: ClientType
  /**
   * Whether a token request without a client secret still gets a refresh token.
   * Default: `true` for `device` clients, `false` for `web` clients (LWA's documented rule for
   * PKCE without a secret). [U] in the reference.
   */
  refreshTokenWithoutSecret?: boolean
}

/**
 * A security profile: an application id, a region, allowed return URLs and its clients.
 *
 * @example
 * ```ts
 * const profile: SecurityProfile = {
 *   id: 'amzn1.application.0123456789abcdef0123456789abcdef',
 *   region: 'NA',
 *   musicEnabled: true,
 *   allowedReturnUrls: ['http://localhost:3000/auth/amazon/callback'],
 *   clients: [{ clientId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef', clientSecret: 's', type: 'web' }],
 * }
 * ```
 */
export interface SecurityProfile {
  /** The security profile id, `amzn1.application.<hex>`: token info's `app_id` and the Music `x-api-key`. */
  id: string
  /** A display name for the consent page. Default: `"LWA Kit Demo"`-style name derived from the id. */
  name?: string
  /** The region the profile (and so each of its clients) belongs to. */
  region: Region
  /** Whether Amazon Music enabled this profile. When not, `amazon_music:access` and `music::*` are unknown scopes. Default `false`. */
  musicEnabled?: boolean
  /** The Allowed Return URLs (exact match). Default `[]`. */
  allowedReturnUrls?: string[]
  /** The profile's clients. */
  clients: EmulatorClient[]
}

/**
 * A user who can sign in to the emulator.
 *
 * @example
 * ```ts
 * const user: EmulatorUser = {
 *   userId: 'amzn1.account.AEXAMPLEUSER1',
 *   name: 'Alice',
 *   email: 'alice@example.com',
 *   postalCode: '98109',
 *   password: 'alice-password',
 * }
 * ```
 */
export interface EmulatorUser {
  /** `amzn1.account.<A-Z0-9>` */
  userId: string
  name: string
  email: string
  postalCode?: string
  password: string
}

/**
 * The emulator's configuration: security profiles and users. Also the shape of the CLI's `--config` file.
 *
 * @example
 * ```ts
 * import { demoConfig, startEmulator, type EmulatorConfig } from '@lwa-kit/emulator'
 * const config: EmulatorConfig = { ...demoConfig, users: [...demoConfig.users] }
 * const emulator = await startEmulator({ config })
 * ```
 */
export interface EmulatorConfig {
  profiles: SecurityProfile[]
  users: EmulatorUser[]
}

/**
 * A link shown on the landing page (`GET /`), for example to a sample app.
 *
 * @example
 * ```ts
 * const link: LandingLink = { title: 'Express demo', url: 'http://localhost:3000', description: 'Passport + Express' }
 * ```
 */
export interface LandingLink {
  title: string
  url: string
  description?: string
}

/**
 * Behaviour switches. Every one has a documented default; most cover a behaviour the protocol
 * reference marks [U] (unconfirmed).
 *
 * @example
 * ```ts
 * const options: EmulatorOptions = { rotateRefreshTokens: true, expiredCodePairError: 'expired_token' }
 * ```
 */
export interface EmulatorOptions {
  /** Access token lifetime in seconds (`expires_in`). Default `3600`. */
  accessTokenLifetimeSeconds?: number
  /** Authorization code lifetime in seconds. Default `300`. */
  codeLifetimeSeconds?: number
  /** Code pair lifetime in seconds (`expires_in` of `/auth/o2/create/codepair`). Default `600`. */
  codePairLifetimeSeconds?: number
  /** The `interval` a code pair advertises, in seconds. Default `30`. */
  codePairIntervalSeconds?: number
  /** Issue a new refresh token on every refresh (the old one stops working). Default `false` (LWA echoes the same token). */
  rotateRefreshTokens?: boolean
  /** The error of a poll on an expired code pair. Default `'invalid_code_pair'`. [U] */
  expiredCodePairError?: 'invalid_code_pair' | 'expired_token'
  /**
   * Answer `slow_down` to a device-code poll that comes sooner than `slowDownMinIntervalMs` after the
   * previous poll of the same device code. Measured in real (wall-clock) time, not on the emulator clock.
   * Default `false`, because Amazon's own AVS SDK polls every 5 s against an interval of 30.
   */
  slowDown?: boolean
  /** Minimum time between two polls when `slowDown` is on, in milliseconds. Default: `codePairIntervalSeconds * 1000`. */
  slowDownMinIntervalMs?: number
  /** Accept `http://127.0.0.1[:port]` (and `http://[::1]`) redirect URIs besides `http://localhost`. Default `true`. [U] */
  allowLoopbackIpRedirect?: boolean
  /** Accept PKCE `plain` (also assumed when `code_challenge_method` is absent). Default `true`. [U] */
  allowPkcePlain?: boolean
  /** HTTP status of `invalid_client`. Default `401`. [U] */
  invalidClientStatus?: 400 | 401
  /** The `error` of a 500 (fault injection). Default `'server_error'`; LWA's own spelling is [U] (`ServerError`, `servererror`). */
  serverErrorCode?: string
  /** The `error` of a 503 (fault injection). Default `'temporarily_unavailable'`. [U] */
  unavailableErrorCode?: string
  /** Accept the deprecated implicit grant (`response_type=token`). Default `false`: `unsupported_response_type`. */
  implicitGrant?: boolean
  /** Tokens work only at the token-info and profile endpoints of their own region. Default `false`. [U] */
  regionBoundTokens?: boolean
  /** Status and `error` of `/user/profile` for a valid token without a profile scope. Default `{ status: 403, error: 'insufficient_scope' }`. [U] */
  profileWithoutScope?: { status: number; error: string }
  /** Longest accepted `state`; longer gets `invalid_request` by redirect. Default `null` (no limit). [U] */
  maxStateLength?: number | null
  /** The `verification_uri` of code pairs. Default: the emulator's own code-entry page, `${regionBase}/code`. */
  verificationUri?: string
  /** Show user passwords and client secrets on the landing page. Default: `true` only with the demo configuration. */
  showCredentials?: boolean
  /** Extra links for the landing page (`GET /`). Default `[]`. */
  links?: LandingLink[]
  /**
   * Host names served besides the bound address, `localhost`, `127.0.0.1` and `[::1]` (and any
   * IP address when bound to `0.0.0.0` or `::`). A request with another Host header gets 403, so
   * a web page cannot reach the emulator through DNS rebinding. Default `[]`.
   */
  allowedHosts?: string[]
  /**
   * What a repeated parameter (`code=a&code=b`) gets at `/ap/oa`, the token endpoint and the code
   * pair endpoint: `'reject'` answers `invalid_request` (RFC 6749 §3.1 and §3.2); `'first'` uses
   * the first value. Default `'reject'`. LWA's own behaviour is [U].
   */
  repeatedParameters?: 'reject' | 'first'
}

/**
 * The endpoints of one region of a running emulator, in the shape `@lwa-kit/core` takes.
 *
 * @example
 * ```ts
 * const { tokenEndpoint } = emulator.endpointsFor('EU') // `${emulator.url}/eu/auth/o2/token`
 * ```
 */
export interface EmulatorEndpoints {
  authorizationEndpoint: string
  tokenEndpoint: string
  codePairEndpoint: string
  tokenInfoEndpoint: string
  profileEndpoint: string
  musicApiBase: string
}

/**
 * The clock every lifetime follows. `now()` returns epoch milliseconds.
 *
 * @example
 * ```ts
 * let t = Date.parse('2030-01-01T00:00:00Z')
 * const clock: EmulatorClock = { now: () => t }
 * ```
 */
export interface EmulatorClock {
  now(): number
}

/**
 * The endpoints fault injection can target.
 *
 * @example
 * ```ts
 * const endpoint: FaultEndpoint = 'token'
 * ```
 */
export type FaultEndpoint = 'authorize' | 'token' | 'codepair' | 'tokeninfo' | 'profile' | 'music'

/**
 * A fault to inject on the next `times` requests to an endpoint.
 * `status`: answer with that status and an LWA-style body; `delay`: wait `delayMs`, then answer
 * normally; `malformed`: answer 200 with a truncated JSON body; `reset`: destroy the connection.
 *
 * @example
 * ```ts
 * emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503, times: 2 })
 * ```
 */
export interface Fault {
  endpoint: FaultEndpoint
  kind: 'status' | 'delay' | 'malformed' | 'reset'
  /** For `status`: the HTTP status. Default `500`. */
  status?: number
  /** For `delay`: milliseconds to wait. Default `1000`. */
  delayMs?: number
  /** How many requests it affects. Default `1`. */
  times?: number
}

/**
 * One entry of the request log. Never holds a secret, token, code or password.
 *
 * @example
 * ```ts
 * const refreshes = emulator.requests().filter((r) => r.grant_type === 'refresh_token').length
 * ```
 */
export interface RequestLogEntry {
  method: string
  /** The path, without the query string. */
  path: string
  /** Which endpoint it hit: a {@link FaultEndpoint}, `'code-page'`, `'landing'` or `'other'`. */
  endpoint: string
  region: Region
  grant_type?: string
  client_id?: string
  /** The status answered; `0` when the connection was reset by a fault. */
  status: number
  /** ISO time on the emulator clock. */
  at: string
}

/**
 * Parameters of {@link Emulator.authorize}: the `/ap/oa` parameters plus the user and the decision.
 *
 * @example
 * ```ts
 * const { location } = emulator.authorize({
 *   client_id: DEMO.webClientId, response_type: 'code', scope: 'profile',
 *   redirect_uri: 'http://localhost:3000/auth/amazon/callback', state: 'xyz',
 *   user_id: DEMO.users.alice.userId, decision: 'allow',
 * })
 * ```
 */
export interface AuthorizeParams {
  client_id?: string
  response_type?: string
  redirect_uri?: string
  /** Space-separated, or an array. */
  scope?: string | string[]
  state?: string
  code_challenge?: string
  code_challenge_method?: string
  /** A JSON string or an object. */
  scope_data?: string | Record<string, unknown>
  /** Default: the first configured user. */
  user_id?: string
  /** Default `'allow'`. */
  decision?: 'allow' | 'deny'
  /** Which region's `/ap/oa` to use. Default `'NA'`. */
  region?: Region
}

/**
 * A running emulator: its URLs, its control methods and `close()`.
 * Control methods are synchronous; awaiting them is harmless.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator()
 * emulator.advanceClock(3600)
 * await emulator.close()
 * ```
 */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:54321`. */
  readonly url: string
  /** The bearer token the HTTP control API (`/__emulator/`) requires; `undefined` when none is. */
  readonly controlToken: string | undefined
  /** The NA endpoints. */
  readonly endpoints: EmulatorEndpoints
  /** The endpoints of a region. */
  endpointsFor(region: Region): EmulatorEndpoints
  /** Authorizes without a browser; returns the redirect location (with a code, or an error). Throws {@link EmulatorControlError} for what `/ap/oa` shows as an error page. */
  authorize(params: AuthorizeParams): { location: string }
  /** Approves or denies a device code as the user would on the code-entry page. */
  approveDevice(input: { userCode: string; userId?: string; decision?: 'allow' | 'deny' }): void
  /** Moves the emulator clock forward. */
  advanceClock(seconds: number): void
  /** Adds a fault. */
  injectFault(fault: Fault): void
  /** Removes every fault. */
  clearFaults(): void
  /** The user removed the app: the client's refresh tokens for the user stop working and consent is forgotten. */
  revoke(input: { userId: string; clientId: string }): void
  /** The request log. */
  requests(): RequestLogEntry[]
  /** Empties the request log. */
  clearRequests(): void
  /** Back to the configured state (return URLs added with `allowReturnUrl` are kept). */
  reset(): void
  /** Adds an allowed return URL to a profile (default: the first profile). */
  allowReturnUrl(url: string, profileId?: string): void
  /** Stops the server. */
  close(): Promise<void>
}
