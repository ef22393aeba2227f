/**
 * Music clients for any signed-in user of an app: core's Music client per token-manager key, with
 * the `x-api-key` the app configured or else the `app_id` that token info reports for the user's
 * token (looked up once, then kept).
 *
 * @module
 */
import { InvalidArgumentError } from './errors.js'
import { createMusicClient, type MusicClient, type MusicClientOptions } from './music-client.js'
import type { TokenVerifier } from './token-verifier.js'

/**
 * Options of {@link createMusicClients}: those of `createMusicClient` but the user's key, with the
 * API key optional when a verifier can look it up.
 *
 * @example
 * ```ts
 * const options: MusicClientsOptions = { tokens: manager, verifier, baseUrl: lwa.endpoints.musicApiBase }
 * ```
 */
export interface MusicClientsOptions extends Omit<MusicClientOptions, 'key' | 'apiKey'> {
  /** The Security Profile id (`amzn1.application.…`); default: token info's `app_id`. */
  apiKey?: string
  /** Reads token info's `app_id` of the user's access token when there is no `apiKey`. */
  verifier?: Pick<TokenVerifier, 'verify'>
}

/**
 * Music clients, one per user.
 *
 * @example
 * ```ts
 * const music = await clients.forUser(user.key)
 * const me = await music.me()
 * ```
 */
export interface MusicClients {
  /**
   * Core's Music client for the user under `key` in the token manager. Rejects like the token
   * manager (`ReauthorizationRequiredError` without tokens) while the API key is still unknown.
   */
  forUser(key: string): Promise<MusicClient>
}

/**
 * Makes the Music clients of an app. Without `apiKey`, the first user's access token tells the
 * Security Profile id (token info's `app_id`, the same for every token of the app's client), which
 * is then kept for every user.
 *
 * @example
 * ```ts
 * const clients = createMusicClients({ tokens: manager, verifier: createTokenVerifier({ client: lwa }) })
 * const playlists = await (await clients.forUser(userId)).playlists({ limit: 10 })
 * ```
 */
export function createMusicClients(options: MusicClientsOptions): MusicClients {
  const { apiKey: given, verifier, ...shared } = options
  if (!given && !verifier)
    throw new InvalidArgumentError(
      'createMusicClients needs apiKey (the Security Profile id) or a verifier to read it from token info.',
    )
  let apiKey = given
  const keyFor = async (key: string): Promise<string> => {
    if (apiKey) return apiKey
    const info = await (verifier as Pick<TokenVerifier, 'verify'>).verify(
      await options.tokens.getAccessToken(key),
    )
    apiKey = info.appId
    return apiKey
  }
  return {
    async forUser(key) {
      return createMusicClient({ ...shared, key, apiKey: await keyFor(key) })
    },
  }
}
