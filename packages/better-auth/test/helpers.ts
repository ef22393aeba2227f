// A real Better Auth (memory adapter) on 127.0.0.1:0 with the Amazon provider and the plugin,
// against a real emulator.
import { DEMO, type Emulator } from '@lwa-kit/emulator'
import { betterAuth } from 'better-auth'
import { memoryAdapter } from 'better-auth/adapters/memory'
import { toNodeHandler } from 'better-auth/node'
import { genericOAuth } from 'better-auth/plugins/generic-oauth'
import { approveAt, CookieJar, listen } from '../../../tools/testing/http.mjs'
import {
  type AmazonOptions,
  amazon,
  type LoginWithAmazonOptions,
  loginWithAmazon,
} from '../src/index.js'

export const SECRET = 'better-auth-test-secret-at-least-32-characters'

function build(url: string, emulator: Emulator, options: TestOptions) {
  const provider = amazon({
    ...DEMO.webClient,
    endpoints: emulator.endpoints,
    scope: ['profile', 'music::library:read'],
    ...options.amazon,
  })
  const db = { user: [], session: [], account: [], verification: [] }
  return betterAuth({
    baseURL: url,
    secret: SECRET,
    database: memoryAdapter(db),
    telemetry: { enabled: false },
    logger: { disabled: true },
    ...(options.encryptOAuthTokens ? { account: { encryptOAuthTokens: true } } : {}),
    plugins: [
      genericOAuth({ config: [provider] }),
      loginWithAmazon({
        provider,
        musicApiKey: DEMO.profileId,
        device: { clientId: DEMO.deviceClientId },
        ...options.plugin,
      }),
    ],
  })
}

export type TestAuth = ReturnType<typeof build>

export interface TestOptions {
  /** Better Auth's `account.encryptOAuthTokens`. */
  encryptOAuthTokens?: boolean
  amazon?: Partial<AmazonOptions>
  plugin?: Partial<LoginWithAmazonOptions>
  /** The emulator Security Profile whose Allowed Return URLs get the callback. */
  profileId?: string
}

/** Starts Better Auth over HTTP; the emulator allows its callback. */
export async function startAuth(emulator: Emulator, options: TestOptions = {}) {
  let auth: TestAuth | undefined
  const server = await listen((url) => {
    auth = build(url, emulator, options)
    return toNodeHandler(auth)
  })
  emulator.allowReturnUrl(
    `${server.url}/api/auth/callback/${options.amazon?.providerId ?? 'amazon'}`,
    options.profileId,
  )
  return { url: server.url, auth: auth as TestAuth, close: server.close }
}

/** Starts a sign-in in Better Auth; returns the authorization URL the browser would go to. */
export async function startSignIn(jar: CookieJar, url: string, providerId = 'amazon') {
  const res = await jar.fetch(`${url}/api/auth/sign-in/social`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ provider: providerId, callbackURL: '/home' }),
  })
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { url: string }).url
}

/** The whole sign-in: start, consent on the emulator as `userId`, callback. */
export async function signIn(
  emulator: Emulator,
  url: string,
  userId: string = DEMO.users.alice.userId,
  jar = new CookieJar(),
) {
  const authorizeUrl = await startSignIn(jar, url)
  const callback = await jar.fetch(approveAt(emulator, authorizeUrl, 'allow', userId))
  return { jar, authorizeUrl: new URL(authorizeUrl), callback }
}

/** The session of the jar's cookies, or null. */
export async function sessionOf(jar: CookieJar, url: string) {
  const res = await jar.fetch(`${url}/api/auth/get-session`)
  return (await res.json()) as { user: { id: string; name: string; email: string } } | null
}

export { CookieJar }
