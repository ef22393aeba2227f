import type { EmulatorContext, RequestContext } from '../context.js'
import { field, sendJson } from '../http-util.js'
import { newUuid } from '../ids.js'
import { findAccessToken } from '../tokens.js'
import type { EmulatorUser } from '../types.js'

/** A small Amazon Music Web API V1 stub: `GET /v1/me` and `GET /v1/me/playlists`. @internal */

const PLAYLIST_COUNT = 25
const LIBRARY_SCOPES = ['music::library', 'music::library:read', 'amazon_music:access']

/** Sends a V1 error object. */
export function sendMusicError(rc: RequestContext, status: number, code: string, message: string) {
  sendJson(rc.res, status, {
    error: { status: String(status), code, message, reference: newUuid() },
  })
}

function playlists(user: EmulatorUser) {
  return Array.from({ length: PLAYLIST_COUNT }, (_, i) => {
    const n = i + 1
    const id = `amzn1.dv.playlist.${user.userId.slice(-8).toLowerCase()}-${String(n).padStart(3, '0')}`
    return {
      id,
      title: `${user.name.split(' ')[0]}'s playlist ${n}`,
      description: `Demo playlist ${n}`,
      trackCount: (n * 7) % 40,
      visibility: 'PRIVATE',
      url: `https://music.amazon.com/user-playlists/${id}`,
      images: [],
    }
  })
}

function decodeCursor(cursor: string): number | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const match = /^offset:(\d{1,6})$/.exec(text)
  return match ? Number(match[1]) : undefined
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url')
}

export function handleMusic(ctx: EmulatorContext, rc: RequestContext) {
  const path = rc.path.replace(/\/+$/, '')
  if (path !== '/v1/me' && path !== '/v1/me/playlists')
    return sendMusicError(rc, 404, 'RESOURCE_NOT_FOUND', 'The requested resource was not found.')
  if (rc.req.method !== 'GET')
    return sendMusicError(rc, 405, 'METHOD_NOT_ALLOWED', 'Only GET is supported here.')
  const auth = rc.req.headers.authorization ?? ''
  const match = /^bearer(?:\s+(.*))?$/i.exec(auth.trim())
  if (!match)
    return sendMusicError(
      rc,
      401,
      'INVALID_AUTH_TYPE',
      'The Authorization header has no bearer token.',
    )
  const token = (match[1] ?? '').trim()
  if (token === '')
    return sendMusicError(rc, 401, 'INVALID_AUTH_TOKEN', 'The bearer token is empty.')
  const record = findAccessToken(ctx, token, rc.region)
  const user = record && ctx.index.user(record.userId)
  const profile = record && ctx.index.profile(record.profileId)
  if (!record || !user || !profile)
    return sendMusicError(
      rc,
      401,
      'INVALID_ACCESS_TOKEN',
      'The access token is invalid or has expired. Refresh it and try again.',
    )
  if (rc.req.headers['x-api-key'] !== profile.id)
    return sendMusicError(
      rc,
      403,
      'ACCESS_DENIED',
      "x-api-key must be the security profile id of the access token's application.",
    )
  if (!profile.musicEnabled)
    return sendMusicError(
      rc,
      403,
      'ACCESS_DENIED',
      'This security profile is not enabled for Amazon Music.',
    )
  const musicScopes = record.scopes.filter(
    (s) => s.startsWith('music::') || s === 'amazon_music:access',
  )
  if (path === '/v1/me') {
    if (musicScopes.length === 0)
      return sendMusicError(rc, 403, 'ACCESS_DENIED', 'The access token has no Amazon Music scope.')
    return sendJson(rc.res, 200, {
      data: {
        user: {
          id: user.userId,
          name: user.name,
          images: [],
          url: `https://music.amazon.com/profiles/${encodeURIComponent(user.userId)}`,
        },
      },
    })
  }
  if (!record.scopes.some((s) => LIBRARY_SCOPES.includes(s)))
    return sendMusicError(rc, 403, 'ACCESS_DENIED', 'The access token has no library scope.')
  const limitText = field(rc.query, 'limit')
  const limit = limitText === undefined ? 20 : Number(limitText)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    return sendMusicError(rc, 400, 'BAD_REQUEST', 'limit must be an integer from 1 to 100.')
  const cursor = field(rc.query, 'cursor')
  const offset = cursor === undefined || cursor === '' ? 0 : decodeCursor(cursor)
  if (offset === undefined) return sendMusicError(rc, 400, 'BAD_REQUEST', 'cursor is not valid.')
  const all = playlists(user)
  const page = all.slice(offset, offset + limit)
  const hasNextPage = offset + limit < all.length
  sendJson(rc.res, 200, {
    data: {
      user: {
        playlists: {
          pageInfo: { hasNextPage, token: hasNextPage ? encodeCursor(offset + limit) : null },
          edges: page.map((node, i) => ({ cursor: encodeCursor(offset + i + 1), node })),
        },
      },
    },
  })
}
