import { config, endpoints } from './config'

/** The part of Amazon Music's `GET /v1/me` the page shows. */
export interface MusicMe {
  data: { user: { id: string; name: string; url?: string } }
}

/** Calls Amazon Music `GET /v1/me` with the user's access token. */
export async function fetchMusicMe(
  accessToken: string,
): Promise<{ ok: true; me: MusicMe } | { ok: false; status: number; code?: string }> {
  const base = endpoints?.musicApiBase ?? 'https://api.music.amazon.dev'
  const response = await fetch(`${base}/v1/me`, {
    headers: { authorization: `Bearer ${accessToken}`, 'x-api-key': config.apiKey },
    cache: 'no-store',
    signal: AbortSignal.timeout(10_000),
  })
  if (response.ok) return { ok: true, me: (await response.json()) as MusicMe }
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } }
  return {
    ok: false,
    status: response.status,
    ...(body.error?.code ? { code: body.error.code } : {}),
  }
}
