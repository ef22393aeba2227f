import { AmazonSessionError, getAmazonAccessToken } from '@lwa-kit/next-auth'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { getServerSession } from 'next-auth'
import { amazonOptions, authOptions } from '../lib/auth'
import { now, syncClock } from '../lib/clock'
import { fetchMusicMe } from '../lib/music'
import { SignOutButton } from './sign-out-button'

export const dynamic = 'force-dynamic'

const SIGN_IN = '/api/auth/signin?callbackUrl=%2F'

export default async function Home() {
  await syncClock()
  const session = await getServerSession(authOptions)
  if (!session) {
    return (
      <main>
        <h1>lwa-kit · Next.js demo</h1>
        <p>Sign in with Amazon to see your Amazon Music profile.</p>
        <a id="sign-in" href={SIGN_IN}>
          Sign in
        </a>
      </main>
    )
  }
  // The access token stays on the server (the encrypted session cookie); the browser's
  // /api/auth/session never carries it.
  const accessToken = await getAmazonAccessToken(
    { cookies: await cookies() },
    { secret: authOptions.secret, now, refresh: amazonOptions },
  )
  // The grant was revoked (or cannot be renewed): back to sign-in.
  if (
    session.error === AmazonSessionError.GrantRevoked ||
    session.error === AmazonSessionError.ReauthorizationRequired ||
    !accessToken
  )
    redirect(SIGN_IN)
  const music = await fetchMusicMe(accessToken)
  return (
    <main>
      <h1>lwa-kit · Next.js demo</h1>
      <p>
        Signed in as <strong id="user-name">{session.user?.name}</strong> ({session.user?.email})
      </p>
      <h2>Amazon Music</h2>
      {music.ok ? (
        <dl id="music-me">
          <dt>Music user id</dt>
          <dd id="music-user-id">{music.me.data.user.id}</dd>
          <dt>Name</dt>
          <dd id="music-user-name">{music.me.data.user.name}</dd>
        </dl>
      ) : (
        <p id="music-error">
          Amazon Music answered {music.status} {music.code ?? ''}
        </p>
      )}
      {session.error === AmazonSessionError.RefreshFailed ? (
        <p id="refresh-warning">
          The token could not be refreshed just now; retrying on the next request.
        </p>
      ) : null}
      <SignOutButton />
    </main>
  )
}
