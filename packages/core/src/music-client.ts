/**
 * A small client for the Amazon Music Web API: bearer token from the token manager, `x-api-key`,
 * one refresh-and-retry on an expired token, backoff on throttling and server errors, typed errors,
 * and cursor paging.
 *
 * @module
 */
import { InvalidArgumentError, isLwaError, MalformedResponseError } from './errors.js'
import { backoffDelay, type CallOptions, sleep } from './lib/http.js'
import { type MusicAttempt, musicAttempt, musicError, musicErrorCode } from './lib/music-http.js'
import type { TokenManager } from './token-manager.js'

/**
 * The Amazon Music Web API (V1) host.
 *
 * @example
 * ```ts
 * createMusicClient({ tokens, key, apiKey, baseUrl: MUSIC_API_BASE })
 * ```
 */
export const MUSIC_API_BASE = 'https://api.music.amazon.dev'

/**
 * Settings of {@link createMusicClient}.
 *
 * @example
 * ```ts
 * const options: MusicClientOptions = { tokens, key: userId, apiKey: 'amzn1.application.…', retries: 5 }
 * ```
 */
export interface MusicClientOptions {
  /** Where access tokens come from (a {@link TokenManager}). */
  tokens: Pick<TokenManager, 'getAccessToken'>
  /** The token manager key of the user (or device) whose library is read. */
  key: string
  /** The Security Profile id (`amzn1.application.…`), sent as `x-api-key`. */
  apiKey: string
  /** The API base URL (default {@link MUSIC_API_BASE}; `emulator.endpoints.musicApiBase` in tests). */
  baseUrl?: string
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch
  /** Time budget of each HTTP attempt in milliseconds (default 10 000). */
  timeoutMs?: number
  /** How many times a throttled (429) or failed (5xx) request is retried with backoff (default 3). */
  retries?: number
  /** A random number in [0, 1) for backoff jitter (default `Math.random`). */
  random?: () => number
}

/**
 * Options of {@link MusicClient.request}.
 *
 * @example
 * ```ts
 * await music.request('/v1/me/playlists', { query: { limit: 10 }, headers: { 'accept-language': 'de-DE' } })
 * ```
 */
export interface MusicRequestInit extends CallOptions {
  /** HTTP method (default `GET`). */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>
  /** A JSON body. */
  body?: unknown
  /** Extra headers (for example `Accept-Language`). `Authorization` and `x-api-key` are set for you. */
  headers?: Record<string, string>
}

/**
 * An Amazon Music user (`GET /v1/me`). Fields beyond `id` are as the API sends them.
 *
 * @example
 * ```ts
 * const user: MusicUser = await music.me()
 * ```
 */
export interface MusicUser {
  id: string
  name?: string
  url?: string
  images?: unknown[]
  [field: string]: unknown
}

/**
 * A playlist of the user's library. Fields beyond `id` are as the API sends them.
 *
 * @example
 * ```ts
 * const [first]: MusicPlaylist[] = (await music.playlists()).items
 * ```
 */
export interface MusicPlaylist {
  id: string
  title?: string
  [field: string]: unknown
}

/**
 * One page of a cursor-paged list.
 *
 * @example
 * ```ts
 * const page: MusicPage<MusicPlaylist> = await music.playlists({ limit: 10 })
 * if (page.hasNextPage) await music.playlists({ limit: 10, cursor: page.nextCursor })
 * ```
 */
export interface MusicPage<T> {
  /** The entries of this page. */
  items: T[]
  /** Whether another page follows. */
  hasNextPage: boolean
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string
}

/**
 * Parameters of {@link MusicClient.playlists}.
 *
 * @example
 * ```ts
 * const params: PlaylistsParams = { limit: 50, cursor: previous.nextCursor }
 * ```
 */
export interface PlaylistsParams {
  /** Page size, 1–100. */
  limit?: number
  /** The `nextCursor` of the previous page. */
  cursor?: string
}

/**
 * An Amazon Music API client for one user. Create one with {@link createMusicClient}.
 *
 * @example
 * ```ts
 * const music: MusicClient = createMusicClient({ tokens, key: userId, apiKey })
 * ```
 */
export interface MusicClient {
  /**
   * Calls any Music API path and returns the parsed JSON.
   *
   * @throws {MusicApiError} with the API's `apiCode`, `status` and `reference`.
   * @example
   * ```ts
   * const recent = await music.request('/v1/me/recentlyPlayed', { query: { limit: 20 } })
   * ```
   */
  request<T = unknown>(path: string, init?: MusicRequestInit): Promise<T>
  /**
   * The signed-in user (`GET /v1/me`).
   *
   * @example
   * ```ts
   * const { id, name } = await music.me()
   * ```
   */
  me(options?: CallOptions): Promise<MusicUser>
  /**
   * One page of the user's playlists (`GET /v1/me/playlists`).
   *
   * @example
   * ```ts
   * const first = await music.playlists({ limit: 25 })
   * const second = first.nextCursor ? await music.playlists({ limit: 25, cursor: first.nextCursor }) : undefined
   * ```
   */
  playlists(params?: PlaylistsParams, options?: CallOptions): Promise<MusicPage<MusicPlaylist>>
  /**
   * Every page of the user's playlists, following the cursors.
   *
   * @example
   * ```ts
   * for await (const page of music.playlistPages({ limit: 100 })) for (const p of page.items) console.log(p.title)
   * ```
   */
  playlistPages(
    params?: Omit<PlaylistsParams, 'cursor'>,
    options?: CallOptions,
  ): AsyncIterableIterator<MusicPage<MusicPlaylist>>
}

const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE'])

function unwrap(body: unknown): Record<string, unknown> {
  const object = (value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  const outer = object(body)
  if (!outer) throw new MalformedResponseError('music', 'the body is not a JSON object')
  return object(outer.data) ?? outer
}

/** Finds the `{ edges, pageInfo }` connection of a V1 list answer (it may sit under `data.user.*`). */
function findConnection(value: unknown, depth = 0): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object' || depth > 4) return undefined
  const record = value as Record<string, unknown>
  if (Array.isArray(record.edges) || Array.isArray(record.items)) return record
  for (const child of Object.values(record)) {
    const found = findConnection(child, depth + 1)
    if (found) return found
  }
  return undefined
}

function toPage(body: unknown): MusicPage<MusicPlaylist> {
  const connection = findConnection(unwrap(body))
  if (!connection) throw new MalformedResponseError('music', 'the playlists answer has no edges')
  const edges = (connection.edges ?? connection.items) as unknown[]
  const items = edges.map((edge) => {
    const node = (edge as { node?: unknown })?.node ?? edge
    if (!node || typeof (node as { id?: unknown }).id !== 'string')
      throw new MalformedResponseError('music', 'a playlist has no id')
    return node as MusicPlaylist
  })
  const pageInfo = (connection.pageInfo ?? {}) as { hasNextPage?: unknown; token?: unknown }
  const cursor =
    typeof pageInfo.token === 'string' && pageInfo.token.length > 0 ? pageInfo.token : undefined
  const hasNextPage = pageInfo.hasNextPage === true && cursor !== undefined
  return { items, hasNextPage, ...(hasNextPage ? { nextCursor: cursor } : {}) }
}

function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after')
  if (!value || !/^\d+$/.test(value.trim())) return undefined
  return Math.min(30_000, Number(value) * 1000)
}

/**
 * Creates an Amazon Music API client for one user. Every request carries
 * `Authorization: Bearer <access token>` from the token manager and `x-api-key: <Security
 * Profile id>`. A 401 `INVALID_ACCESS_TOKEN` refreshes the token once and retries; a second 401
 * surfaces. 429 and 5xx are retried with jittered backoff. Failures are {@link MusicApiError}s with
 * the API's `apiCode`, `status` and `reference`.
 *
 * @example
 * ```ts
 * import { createMusicClient } from '@lwa-kit/core'
 *
 * const music = createMusicClient({ tokens, key: userId, apiKey: process.env.LWA_SECURITY_PROFILE_ID! })
 * const me = await music.me()
 * for await (const page of music.playlistPages({ limit: 50 })) console.log(page.items.length)
 * ```
 */
export function createMusicClient(options: MusicClientOptions): MusicClient {
  if (!options?.tokens || typeof options.tokens.getAccessToken !== 'function')
    throw new InvalidArgumentError('createMusicClient needs tokens (a token manager).')
  if (typeof options.key !== 'string' || options.key.length === 0)
    throw new InvalidArgumentError('createMusicClient needs the key of the user.')
  if (typeof options.apiKey !== 'string' || options.apiKey.length === 0)
    throw new InvalidArgumentError('createMusicClient needs apiKey: the Security Profile id.')
  const base = new URL(options.baseUrl ?? MUSIC_API_BASE)
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const timeoutMs = options.timeoutMs ?? 10_000
  const retries = options.retries ?? 3
  const random = options.random ?? Math.random
  const { tokens, key, apiKey } = options

  function urlFor(path: string, query: MusicRequestInit['query']): string {
    if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//'))
      throw new InvalidArgumentError('A Music API path starts with one "/", e.g. "/v1/me".')
    const url = new URL(base.href.replace(/\/$/, '') + path)
    for (const [name, value] of Object.entries(query ?? {}))
      if (value !== undefined) url.searchParams.set(name, String(value))
    return url.href
  }

  async function request<T>(path: string, init: MusicRequestInit = {}): Promise<T> {
    const method = init.method ?? 'GET'
    const url = urlFor(path, init.query)
    const body = init.body === undefined ? undefined : JSON.stringify(init.body)
    const signal = init.signal
    let accessToken = await tokens.getAccessToken(key, signal ? { signal } : {})
    let refreshed = false
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.headers ?? {}),
        authorization: `Bearer ${accessToken}`,
        'x-api-key': apiKey,
      }
      let answer: MusicAttempt
      try {
        answer = await musicAttempt(
          fetchImpl,
          url,
          { method, headers, ...(body !== undefined ? { body } : {}) },
          init.timeoutMs ?? timeoutMs,
          signal,
        )
      } catch (err) {
        if (!(isLwaError(err) && err.retryable && IDEMPOTENT.has(method) && attempt < retries))
          throw err
        await sleep(backoffDelay(attempt, random), signal)
        continue
      }
      const { status } = answer
      if (status >= 200 && status < 300) return answer.body as T
      if (status === 401 && musicErrorCode(answer.body) === 'INVALID_ACCESS_TOKEN' && !refreshed) {
        refreshed = true
        accessToken = await tokens.getAccessToken(key, {
          rejectedToken: accessToken,
          ...(signal ? { signal } : {}),
        })
        attempt--
        continue
      }
      const retryable = status === 429 || (status >= 500 && IDEMPOTENT.has(method))
      if (!retryable || attempt >= retries) throw musicError(answer, retryable)
      const wait = retryAfterMs(answer.headers) ?? backoffDelay(attempt, random)
      await sleep(wait, signal)
    }
  }

  async function playlists(params: PlaylistsParams = {}, callOptions: CallOptions = {}) {
    const { limit, cursor } = params
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 100))
      throw new InvalidArgumentError('playlists: limit is a whole number from 1 to 100.')
    const body = await request('/v1/me/playlists', { ...callOptions, query: { limit, cursor } })
    return toPage(body)
  }

  return {
    request,
    async me(callOptions = {}) {
      const data = unwrap(await request('/v1/me', callOptions))
      const user = (data.user ?? data) as MusicUser
      if (!user || typeof user.id !== 'string')
        throw new MalformedResponseError('music', 'the /v1/me answer has no user id')
      return user
    },
    playlists,
    async *playlistPages(params = {}, callOptions = {}) {
      let cursor: string | undefined
      do {
        const page = await playlists({ ...params, ...(cursor ? { cursor } : {}) }, callOptions)
        yield page
        cursor = page.nextCursor
      } while (cursor)
    },
  }
}
