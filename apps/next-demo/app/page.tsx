import { createMusicClient, describeError, failureOf, WebErrorCode } from '@lwa-kit/core'
import {
  apiCard,
  type MusicCardData,
  musicCard,
  PLAYLIST_PAGE_SIZE,
  playlistPage,
  profileCard,
} from '@lwa-kit/demo-ui'
import { AmazonSessionError, getAmazonAccessToken } from '@lwa-kit/next-auth'
import { cookies } from 'next/headers'
import { getServerSession } from 'next-auth'
import { getToken } from 'next-auth/jwt'
import { amazonOptions, authOptions } from '../lib/auth'
import { now, syncClock } from '../lib/clock'
import { config, endpoints } from '../lib/config'
import { Html } from './html'
import { SignInCard } from './signed-out'

export const dynamic = 'force-dynamic'

const api = Html({
  html: apiCard({
    appUrl: config.appUrl,
    clientId: config.clientId,
    ...(config.emulatorUrl ? { emulatorUrl: config.emulatorUrl } : {}),
  }),
})

/** Signed out: the button and the API; signed in: the profile, Amazon Music and the API. */
export default async function Home({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}) {
  await syncClock()
  const session = await getServerSession(authOptions)
  if (!session)
    return (
      <>
        <SignInCard />
        {api}
      </>
    )
  // The access token stays on the server (the encrypted session cookie); the browser's
  // /api/auth/session never carries it.
  const jar = await cookies()
  const accessToken = await getAmazonAccessToken(
    { cookies: jar },
    { secret: authOptions.secret, now, refresh: amazonOptions },
  )
  // The grant was revoked (or cannot be renewed): sign in again.
  if (
    session.error === AmazonSessionError.GrantRevoked ||
    session.error === AmazonSessionError.ReauthorizationRequired ||
    !accessToken
  )
    return <SignInCard failure={failureOf(WebErrorCode.ReauthorizationRequired)} />
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(await searchParams))
    if (typeof value === 'string') query.set(name, value)
  const music = await musicOf(accessToken, playlistPage(query))
  // next-auth keeps the Amazon user id as the token's `sub`.
  const token = await getToken({
    req: { cookies: jar, headers: {} } as never,
    secret: authOptions.secret,
  })
  const user = { name: session.user?.name, email: session.user?.email, id: token?.sub }
  return (
    <>
      <Html html={profileCard(user, '/sign-out') + musicCard(music)} />
      {session.error === AmazonSessionError.RefreshFailed ? (
        <p className="notice" id="refresh-warning">
          The token could not be refreshed just now; retrying on the next request.
        </p>
      ) : null}
      {api}
    </>
  )
}

/** The Amazon Music profile and one page of playlists, with core's Music client. */
async function musicOf(
  accessToken: string,
  page: { cursor?: string; from: number },
): Promise<MusicCardData | { failure: ReturnType<typeof describeError> }> {
  const music = createMusicClient({
    tokens: { getAccessToken: async () => accessToken },
    key: 'session',
    apiKey: config.apiKey,
    ...(endpoints ? { baseUrl: endpoints.musicApiBase } : {}),
    timeoutMs: 10_000,
  })
  try {
    const [me, playlists] = await Promise.all([
      music.me(),
      music.playlists({
        limit: PLAYLIST_PAGE_SIZE,
        ...(page.cursor ? { cursor: page.cursor } : {}),
      }),
    ])
    return { me, playlists, from: page.from }
  } catch (err) {
    return { failure: describeError(err) }
  }
}
