// app/page.tsx (a server component)
import { AmazonSessionError } from '@lwa-kit/next-auth/auth-js'
import { redirect } from 'next/navigation'
import { auth, endpoints } from '@/auth'

export default async function Page() {
  const session = await auth()
  // Not signed in, or Amazon refused the grant (the user removed the app): sign in again.
  if (!session?.accessToken || session.error === AmazonSessionError.GrantRevoked)
    redirect('/api/auth/signin')
  const music = endpoints?.musicApiBase ?? 'https://api.music.amazon.dev'
  const response = await fetch(`${music}/v1/me`, {
    headers: {
      authorization: `Bearer ${session.accessToken}`,
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
