// NextAuth v4 options: the Amazon provider and the refresh helpers. Imported by the route handler,
// the page and proxy.ts. It uses nothing Node-only, so it also runs in a Next 15 edge middleware.
import { Amazon, amazonCallbacks } from '@lwa-kit/next-auth'
import type { AuthOptions } from 'next-auth'
import { now } from './clock'
import { config, endpoints } from './config'

export const amazon = Amazon({
  clientId: config.clientId,
  clientSecret: config.clientSecret,
  ...(endpoints ? { endpoints } : {}),
  scope: ['profile', 'music::profile:read', 'music::library:read'],
  now,
})

/**
 * One object for the whole app (route, page, proxy): every request shares one single-flight
 * refresh. The provider has the demo's clock, so the refresher is this object's own.
 */
export const amazonOptions = { provider: amazon }
export const amazonRefresh = amazonCallbacks(amazonOptions)

export const authOptions: AuthOptions = {
  providers: [amazon],
  secret: config.secret,
  session: { strategy: 'jwt' },
  callbacks: amazonRefresh,
  // Every failed sign-in on the samples' failure page (app/sign-in-problem), in core's words;
  // next-auth sends OAuth failures to its sign-in page, which is that page too (without an error:
  // the sign-in card).
  pages: { signIn: '/sign-in-problem', error: '/sign-in-problem' },
  // One line per failure, no stack trace (and nothing of the request: no code, no token).
  logger: {
    error: (code) => console.error(`next-auth: ${code}`),
    warn: (code) => console.warn(`next-auth: ${code}`),
    debug: () => {},
  },
}

// next-auth v4 reads NEXTAUTH_URL at request time; default it for `npm start`.
process.env.NEXTAUTH_URL ??= config.appUrl
