import { decode } from 'next-auth/jwt'
import { runFrameworkSignInContract } from '../../../tools/testing/framework-sign-in-contract.mjs'
import type { CookieJar } from '../../../tools/testing/http.mjs'
import { Amazon, amazonCallbacks } from '../src/index.js'
import { mountNextAuthV4 } from './servers.js'

const COOKIE = 'next-auth.session-token'

runFrameworkSignInContract({
  name: 'next-auth v4 (pages router handler)',
  async start(env) {
    const amazon = Amazon({
      clientId: env.clientId,
      clientSecret: env.clientSecret,
      endpoints: env.endpoints,
      timeoutMs: env.timeoutMs,
    })
    const app = await mountNextAuthV4({
      providers: [amazon],
      secret: env.secret,
      callbacks: amazonCallbacks({ provider: amazon }),
      logger: { error: () => {}, warn: () => {}, debug: () => {} },
    })
    process.env.NEXTAUTH_URL = app.url
    env.allowReturnUrl(`${app.url}/api/auth/callback/amazon`)
    const csrf = async (jar: CookieJar) =>
      ((await (await jar.get(`${app.url}/api/auth/csrf`)).json()) as { csrfToken: string })
        .csrfToken
    const post = (jar: CookieJar, path: string, form: Record<string, string>, crossSite = false) =>
      jar.fetch(`${app.url}${path}`, {
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
      callbackPath: '/api/auth/callback/amazon',
      loginLink: `${app.url}/api/auth/signin/amazon`,
      async login(jar, returnTo) {
        const form = { csrfToken: await csrf(jar), ...(returnTo ? { callbackUrl: returnTo } : {}) }
        const start = await post(jar, '/api/auth/signin/amazon', form)
        const location = start.headers.get('location') ?? ''
        return {
          status: start.status,
          ...(location.startsWith(env.endpoints.authorizationEndpoint)
            ? { authorizeUrl: location }
            : {}),
        }
      },
      async user(jar) {
        const token = jar.cookies.get(COOKIE)
        if (!token) return undefined
        return (await decode({ token, secret: env.secret }))?.email ?? undefined
      },
      async session(jar) {
        return (await jar.get(`${app.url}/api/auth/session`)).json()
      },
      async signOut(jar, { crossSite }) {
        const form: Record<string, string> = crossSite ? {} : { csrfToken: await csrf(jar) }
        return post(jar, '/api/auth/signout', form, crossSite)
      },
    }
  },
})
