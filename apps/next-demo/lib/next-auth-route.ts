// next-auth's route handler, shared by the catch-all route and the callback route in front of it.
import NextAuth from 'next-auth'
import { authOptions } from './auth'
import { syncClock } from './clock'

const nextAuth = NextAuth(authOptions)

export async function nextAuthRoute(
  request: Request,
  context: { params: Promise<{ nextauth: string[] }> },
): Promise<Response> {
  await syncClock()
  return nextAuth(request, context)
}
