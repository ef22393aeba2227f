// app/page.tsx (a server component)
import { AmazonSessionError, getAmazonAccessToken } from '@lwa-kit/next-auth'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { getServerSession } from 'next-auth'
import { amazonOptions, authOptions, endpoints } from '@/lib/auth'

export default async function Page() {
  const session = await getServerSession(authOptions)
  // The access token stays on the server: read from the encrypted session cookie, never sent to
  // the browser's /api/auth/session (unless you pass `exposeAccessToken: true`); renewed first
  // when due, through the same one-at-a-time refresh as the jwt callback.
  const accessToken = await getAmazonAccessToken(
    { cookies: await cookies() },
    { refresh: amazonOptions },
  )
  // Not signed in, or Amazon refused the grant (the user removed the app): sign in again.
  if (!session || !accessToken || session.error === AmazonSessionError.GrantRevoked)
    redirect('/api/auth/signin')
  const music = endpoints?.musicApiBase ?? 'https://api.music.amazon.dev'
  const response = await fetch(`${music}/v1/me`, {
    headers: {
      authorization: `Bearer ${accessToken}`,
      'x-api-key': process.env.LWA_SECURITY_PROFILE_ID!, // your Security Profile id
    },
    cache: 'no-store',
  })
  const me = await response.json()
  return (
    <main>
      <p>Signed in as {session.user?.name}</p>
      <pre>{JSON.stringify(me, null, 2)}</pre>
    </main>
  )
}
