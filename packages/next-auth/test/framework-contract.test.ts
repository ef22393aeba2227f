// The framework sign-in contract against both providers: next-auth v4's pages-router handler and
// Auth.js's Auth(), each in a real Node server, driven as a browser would (CSRF token, form POSTs).
import { decode as decodeAuthJs } from '@auth/core/jwt'
import { decode as decodeV4 } from 'next-auth/jwt'
import type {
  FrameworkContractApp,
  FrameworkContractEnv,
} from '../../../tools/testing/framework-sign-in-contract.mjs'
import { runFrameworkSignInContract } from '../../../tools/testing/framework-sign-in-contract.mjs'
import type { CookieJar } from '../../../tools/testing/http.mjs'
import * as authJs from '../src/auth-js.js'
import * as v4 from '../src/index.js'
import { mountAuthJs, mountNextAuthV4 } from './servers.js'

const quiet = { error: () => {}, warn: () => {}, debug: () => {} }

/** The provider options the contract gives: the emulator's client, endpoints and time budget. */
const lwaOf = (env: FrameworkContractEnv) => ({
  clientId: env.clientId,
  clientSecret: env.clientSecret,
  endpoints: env.endpoints,
  timeoutMs: env.timeoutMs,
})

/** The contract's view of a mounted app whose routes are under `base` (`/api/auth`, `/auth`). */
function driven(
  app: { url: string; close(): Promise<void> },
  base: string,
  authorizationEndpoint: string,
  userOf: (jar: CookieJar) => Promise<string | undefined>,
): FrameworkContractApp {
  const csrf = async (jar: CookieJar) =>
    ((await (await jar.get(`${app.url}${base}/csrf`)).json()) as { csrfToken: string }).csrfToken
  const post = (jar: CookieJar, path: string, form: Record<string, string>, crossSite = false) =>
    jar.fetch(`${app.url}${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(crossSite ? { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } : {}),
      },
      body: new URLSearchParams(form).toString(),
    })
  return {
    url: app.url,
    close: app.close,
    callbackPath: `${base}/callback/amazon`,
    loginLink: `${app.url}${base}/signin/amazon`,
    async login(jar, returnTo) {
      const form = { csrfToken: await csrf(jar), ...(returnTo ? { callbackUrl: returnTo } : {}) }
      const start = await post(jar, '/signin/amazon', form)
      const location = start.headers.get('location') ?? ''
      return {
        status: start.status,
        ...(location.startsWith(authorizationEndpoint) ? { authorizeUrl: location } : {}),
      }
    },
    user: userOf,
    session: async (jar) => (await jar.get(`${app.url}${base}/session`)).json(),
    async signOut(jar, { crossSite }) {
      const form: Record<string, string> = crossSite ? {} : { csrfToken: await csrf(jar) }
      return post(jar, '/signout', form, crossSite)
    },
  }
}

runFrameworkSignInContract({
  name: 'next-auth v4 (pages router handler)',
  async start(env) {
    const amazon = v4.Amazon(lwaOf(env))
    const app = await mountNextAuthV4({
      providers: [amazon],
      secret: env.secret,
      callbacks: v4.amazonCallbacks({ provider: amazon }),
      logger: quiet,
    })
    process.env.NEXTAUTH_URL = app.url
    env.allowReturnUrl(`${app.url}/api/auth/callback/amazon`)
    return driven(app, '/api/auth', env.endpoints.authorizationEndpoint, async (jar) => {
      const token = jar.cookies.get('next-auth.session-token')
      if (!token) return undefined
      return (await decodeV4({ token, secret: env.secret }))?.email ?? undefined
    })
  },
})

runFrameworkSignInContract({
  name: 'Auth.js (@auth/core)',
  async start(env) {
    const amazon = authJs.Amazon(lwaOf(env))
    const app = await mountAuthJs({
      providers: [amazon],
      secret: env.secret,
      basePath: '/auth',
      trustHost: true,
      callbacks: authJs.amazonCallbacks({ provider: amazon }),
      logger: quiet,
    })
    env.allowReturnUrl(`${app.url}/auth/callback/amazon`)
    const cookie = 'authjs.session-token'
    return driven(app, '/auth', env.endpoints.authorizationEndpoint, async (jar) => {
      const token = jar.cookies.get(cookie)
      if (!token) return undefined
      return (await decodeAuthJs({ token, secret: env.secret, salt: cookie }))?.email ?? undefined
    })
  },
})
