/**
 * Injection tokens of the core objects `LwaModule` provides.
 *
 * @module
 */

/**
 * The module's core `LwaClient` (`createLwaClient` of `@lwa-kit/core`).
 *
 * @example
 * ```ts
 * constructor(@Inject(LWA_CLIENT) private readonly lwa: LwaClient) {}
 * ```
 */
export const LWA_CLIENT = Symbol.for('@lwa-kit/nestjs:LwaClient')

/**
 * The module's cached token verifier (`createTokenVerifier` of `@lwa-kit/core`).
 *
 * @example
 * ```ts
 * constructor(@Inject(LWA_TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}
 * ```
 */
export const LWA_TOKEN_VERIFIER = Symbol.for('@lwa-kit/nestjs:TokenVerifier')

/**
 * The module's `TokenStore`: the one given as `store`, or a `MemoryTokenStore`.
 *
 * @example
 * ```ts
 * constructor(@Inject(LWA_TOKEN_STORE) private readonly store: TokenStore) {}
 * ```
 */
export const LWA_TOKEN_STORE = Symbol.for('@lwa-kit/nestjs:TokenStore')

/**
 * The module's core `TokenManager` (`createTokenManager` of `@lwa-kit/core`).
 *
 * @example
 * ```ts
 * constructor(@Inject(LWA_TOKEN_MANAGER) private readonly manager: TokenManager) {}
 * ```
 */
export const LWA_TOKEN_MANAGER = Symbol.for('@lwa-kit/nestjs:TokenManager')
