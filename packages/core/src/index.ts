/**
 * `@lwa-kit/core`: Login with Amazon for the Amazon Music API, on web standards only (fetch, URL,
 * Web Crypto), so it runs on Node, in browsers and on edge runtimes.
 *
 * @example
 * ```ts
 * import { createLwaClient } from '@lwa-kit/core'
 *
 * const lwa = createLwaClient({ clientId, clientSecret, region: 'NA' })
 * const fresh = await lwa.refresh(refreshToken)
 * ```
 *
 * @packageDocumentation
 */
export type {
  AuthorizationRequest,
  AuthorizationUrlParams,
} from './authorization-url.js'
export {
  type CallbackInput,
  type CallbackParams,
  type ExpectedCallback,
  parseCallback,
} from './callback.js'
export {
  type CallOptions,
  createLwaClient,
  type ExchangeCodeParams,
  type LwaClient,
  type LwaClientOptions,
  type RefreshOptions,
} from './client.js'
export {
  type CodePair,
  type CodePairCheck,
  DEFAULT_POLL_INTERVAL_MS,
  MAX_POLL_INTERVAL_MS,
  MIN_POLL_INTERVAL_MS,
  type PollCodePairOptions,
  type PollProgress,
  type RequestCodePairParams,
  requestCodePair,
} from './code-pair.js'
export { createLwaConfig, type LwaConfig } from './config.js'
export { checkCodePair, deviceLogin, pollCodePair } from './device-flow.js'
export {
  DEFAULT_CODE_RENEWALS,
  type DeviceCodePrompt,
  type DeviceLoginParams,
} from './device-login.js'
export * from './errors.js'
export {
  accountTokens,
  type HeldSession,
  HeldSessionError,
  type HeldSessionView,
  type HeldSessionViewOptions,
  type HeldTokens,
  heldAccessToken,
  heldSessionView,
  type OAuthAccountTokens,
  refreshHeldSession,
  signedInSession,
} from './held-session.js'
export {
  createLwaServices,
  type LwaServices,
  type LwaServicesOptions,
} from './lwa-services.js'
export { MemoryTokenStore, type MemoryTokenStoreOptions } from './memory-token-store.js'
export {
  createMusicClient,
  MUSIC_API_BASE,
  type MusicClient,
  type MusicClientOptions,
  type MusicPage,
  type MusicPlaylist,
  type MusicRequestInit,
  type MusicUser,
  type PlaylistsParams,
} from './music-client.js'
export {
  createMusicClients,
  type MusicClients,
  type MusicClientsOptions,
} from './music-clients.js'
export {
  codeChallengeS256,
  createPkce,
  generateCodeVerifier,
  generateState,
  isCodeVerifier,
  type Pkce,
  timingSafeEqual,
} from './pkce.js'
export {
  type AmazonProfile,
  fetchProfile,
  fetchProfileWithBody,
  type ProfileFor,
  type ProfileJson,
  type ProfileOptions,
  type ProfileWithBody,
  parseProfile,
  profileJson,
} from './profile.js'
export {
  type LwaProviderOptions,
  type LwaProviderSettings,
  type ProviderSettingsMessages,
  resolveProviderSettings,
} from './provider-settings.js'
export { type LwaEndpoints, REGION_ENDPOINTS, type Region, resolveEndpoints } from './regions.js'
export { isSafeReturnTo, safeReturnTo } from './return-to.js'
export {
  alexaAll,
  type BuiltScope,
  buildScope,
  type DeviceIdentity,
  essential,
  mergeScopeData,
  musicAndAlexa,
  normalizeScopes,
  type ScopeData,
  type ScopedRequest,
  type ScopeInput,
  scopes,
  voluntary,
  withProfileScope,
} from './scopes.js'
export {
  createUsedNonceCache,
  type OpenedSignInState,
  type OpenOptions,
  openState,
  type SealOptions,
  type SignInState,
  sealState,
  type UsedNonceStore,
} from './sealed-state.js'
export {
  type OpenedValue,
  type OpenValueOptions,
  openValue,
  type SealCrypto,
  type SealValueOptions,
  sealValue,
  webSealCrypto,
} from './sealed-value.js'
export {
  createSingleFlight,
  type SingleFlight,
  type SingleFlightOptions,
} from './single-flight.js'
export { type TimedFetch, timedFetchKey } from './timed-fetch.js'
export {
  type HeldTokensOptions,
  type HeldTokensOutcome,
  refreshHeldTokens,
} from './token-held-refresh.js'
export { parseTokenInfo, type TokenInfo, verifyAccessToken } from './token-info.js'
export {
  createTokenManager,
  DEFAULT_REFRESH_AHEAD_MS,
  DEFAULT_REFRESH_LOCK_TTL_MS,
  type GetTokenOptions,
  type TokenManager,
  type TokenManagerOptions,
} from './token-manager.js'
export { isExpired, parseTokenResponse, type TokenSet } from './token-set.js'
export {
  createSharedRefresh,
  type SharedRefresh,
  type SharedRefreshOptions,
} from './token-shared-refresh.js'
export type { MaybePromise, TokenStore } from './token-store.js'
export {
  createTokenVerifier,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './token-verifier.js'
export {
  isAccessTokenShape,
  type ParsedAuthorization,
  parseAuthorization,
} from './web/authorization-header.js'
export {
  type BearerCheck,
  type BearerCheckOptions,
  type BearerOutcome,
  type BearerRefusal,
  createBearerCheck,
} from './web/bearer-check.js'
export {
  type CookieOptions,
  clearCookie,
  cookieName,
  parseCookies,
  readCookie,
  serializeCookie,
} from './web/cookies.js'
export { type CsrfOptions, checkStateChanging, isCrossSite } from './web/csrf.js'
export { deriveSecret } from './web/derived-secret.js'
export {
  createDeviceLinking,
  type DeviceLinking,
  type DeviceLinkingLinked,
  type DeviceLinkingOptions,
  type DeviceLinkingOutcome,
  type DeviceLinkingPending,
  type DeviceLinkingRefused,
  type DeviceLinkingStartParams,
  type DeviceLinkingStatus,
} from './web/device-linking.js'
export {
  describeError,
  type FailureAnswerOptions,
  failureAnswer,
  failureOf,
  WebErrorCode,
  type WebFailure,
  wantsHtml,
} from './web/error-answers.js'
export { failureOfCode } from './web/failure-of-code.js'
export { safeCallbackUrl, safeRedirectUrl } from './web/framework-redirect.js'
export {
  appendNodeCookie,
  isAnswered,
  type NodeRequestLike,
  type NodeResponseLike,
  nodeRequestHeaders,
  nodeWebRequest,
  writeNodeAnswer,
} from './web/node-http.js'
export {
  type NodeSessionRequest,
  type NodeSignInSessions,
  nodeSignInSessions,
} from './web/node-sessions.js'
export {
  type PortableProfile,
  type PortableProfileJson,
  portableProfile,
} from './web/portable-profile.js'
export { createProviderFetch, type ProviderFetchOptions } from './web/provider-fetch.js'
export {
  isSignInCallback,
  nodeRequestIsHttps,
  requestUrl,
  resolveRedirectUri,
  type TrustProxyOptions,
} from './web/request-url.js'
export { sessionRecordSlot } from './web/session-record-slot.js'
export {
  createSignInSessions,
  type SignInSessions,
  type SignInSessionsOptions,
  type SignOutOutcome,
} from './web/sign-in-sessions.js'
export {
  createSessionStateStore,
  type LoadedSignIn,
  type PendingSignIn,
  type SavedSignIn,
  type SessionSlot,
  type SessionStateStoreOptions,
  type SignInStateStore,
  type UsedSignIn,
} from './web/sign-in-state-store.js'
export {
  keepSignInTokens,
  type SignInTokensFate,
  type SignInTokensKey,
  type SignInTokensOptions,
} from './web/sign-in-tokens.js'
export {
  createSignInTransaction,
  type SignInBegin,
  type SignInFinishOptions,
  type SignInResult,
  type SignInStartOptions,
  type SignInTransaction,
  type SignInTransactionOptions,
} from './web/sign-in-transaction.js'
export { PROFILE_SCOPES, type SignedInUser, signedInUser } from './web/signed-in-user.js'
export {
  createStateCookie,
  type StateCookie,
  type StateCookieOptions,
} from './web/state-cookie.js'
export { tokenHash } from './web/token-hash.js'
export { checkVerificationUri, isSafeVerificationUri } from './web/verification-uri.js'
export {
  jsonAnswer,
  redirectAnswer,
  SENSITIVE_HEADERS,
  type WebAnswer,
} from './web/web-answer.js'
export {
  createWebAuth,
  type WebAuth,
  type WebAuthContext,
  type WebAuthDeviceOptions,
  type WebAuthExchange,
  type WebAuthHandled,
  type WebAuthOptions,
  type WebAuthUser,
} from './web/web-auth.js'
export { headerValues, type WebRequest, webRequestFromHeaders } from './web/web-request.js'
export {
  createWebSession,
  type OpenedWebSession,
  type WebSession,
  type WebSessionOptions,
} from './web/web-session.js'
export { authorizationUrl, exchangeCode, handleCallback, refreshTokens } from './web-sign-in.js'
