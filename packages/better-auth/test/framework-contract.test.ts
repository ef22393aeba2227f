import { betterAuth } from 'better-auth'
import { memoryAdapter } from 'better-auth/adapters/memory'
import { toNodeHandler } from 'better-auth/node'
import { genericOAuth } from 'better-auth/plugins/generic-oauth'
import { runFrameworkSignInContract } from '../../../tools/testing/framework-sign-in-contract.mjs'
import { type CookieJar, listen } from '../../../tools/testing/http.mjs'
import { amazon, loginWithAmazon } from '../src/index.js'

runFrameworkSignInContract({
  name: 'Better Auth (genericOAuth + loginWithAmazon)',
  serverSessions: true,
  async start(env) {
    const server = await listen((url) => {
      const provider = amazon({
        clientId: env.clientId,
        clientSecret: env.clientSecret,
        endpoints: env.endpoints,
        timeoutMs: env.timeoutMs,
      })
      const auth = betterAuth({
        baseURL: url,
        secret: env.secret,
        database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
        telemetry: { enabled: false },
        logger: { disabled: true },
        // Better Auth skips its origin and CSRF checks when it runs under a test runner (isTest()):
        // turned back on, this is how it runs in production.
        advanced: { disableOriginCheck: false, disableCSRFCheck: false },
        plugins: [genericOAuth({ config: [provider] }), loginWithAmazon({ provider })],
      })
      return toNodeHandler(auth)
    })
    const url = server.url
    env.allowReturnUrl(`${url}/api/auth/callback/amazon`)
    const session = async (jar: CookieJar) =>
      (await (await jar.fetch(`${url}/api/auth/get-session`)).json()) as {
        user?: { email?: string }
      } | null
    return {
      url,
      close: server.close,
      callbackPath: '/api/auth/callback/amazon',
      loginLink: `${url}/api/auth/sign-in/social?provider=amazon`,
      async login(jar, returnTo) {
        const res = await jar.fetch(`${url}/api/auth/sign-in/social`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: url },
          body: JSON.stringify({ provider: 'amazon', callbackURL: returnTo ?? '/' }),
        })
        const text = await res.text()
        if (res.status !== 200) return { status: res.status }
        return { status: res.status, authorizeUrl: (JSON.parse(text) as { url: string }).url }
      },
      user: async (jar) => (await session(jar))?.user?.email ?? undefined,
      session,
      signOut: (jar, { crossSite }) =>
        jar.fetch(`${url}/api/auth/sign-out`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            origin: crossSite ? 'https://evil.example' : url,
            ...(crossSite ? { 'sec-fetch-site': 'cross-site' } : {}),
          },
          body: '{}',
        }),
    }
  },
})
