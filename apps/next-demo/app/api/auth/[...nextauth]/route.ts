import NextAuth from 'next-auth'
import { authOptions } from '../../../../lib/auth'
import { syncClock } from '../../../../lib/clock'

const nextAuth = NextAuth(authOptions)

async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  await syncClock()
  return nextAuth(request, context)
}

export { handler as GET, handler as POST }
