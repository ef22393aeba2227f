import { DEMO } from './demo.js'

/** `signIn()`: the `/ap/oa` sign-in and consent pages, completed over HTTP without a browser. @internal */

/**
 * Who signs in, and what they answer on the consent page.
 *
 * @example
 * ```ts
 * const options: SignInOptions = { email: 'bob@example.com', password: 'bob-password', decision: 'deny' }
 * ```
 */
export interface SignInOptions {
  /** Default: the demo user Alice (`DEMO.users.alice.email`). */
  email?: string
  /** Default: the demo user Alice's password. */
  password?: string
  /** The answer on the consent page (when it is shown). Default `'allow'`. */
  decision?: 'allow' | 'deny'
  /** The fetch to use. Default: the global `fetch`. */
  fetch?: typeof fetch
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
}
const decodeEntities = (text: string) =>
  text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!)

interface Form {
  action: string
  hidden: Record<string, string>
  body: string
}

function forms(html: string): Form[] {
  const found: Form[] = []
  for (const match of html.matchAll(/<form\b[^>]*\baction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)) {
    const hidden: Record<string, string> = {}
    for (const input of match[2]!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
      hidden[decodeEntities(input[1]!)] = decodeEntities(input[2]!)
    found.push({ action: decodeEntities(match[1]!), hidden, body: match[2]! })
  }
  return found
}

function text(html: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)
  return match ? decodeEntities(match[1]!).trim() : undefined
}

function alertText(html: string): string | undefined {
  const match = /role="alert">([^<]*)</.exec(html)
  return match ? decodeEntities(match[1]!) : undefined
}

/**
 * Completes an authorization request the way a user would in a browser, over HTTP: opens the
 * `/ap/oa` URL your app redirects to, signs in on the emulator's sign-in page, answers its
 * consent page, and returns the URL the emulator redirects back to (your callback, with `code`
 * and `state`, or with `error`). Throws when the emulator shows an error page (the message says
 * why) or refuses the password.
 *
 * @example
 * ```ts
 * import { signIn } from '@lwa-kit/emulator/testing'
 *
 * const login = await fetch('http://localhost:3000/login', { redirect: 'manual' })
 * const callback = await signIn(login.headers.get('location')!)
 * await fetch(callback) // your app's callback exchanges the code
 * ```
 */
export async function signIn(
  authorizationUrl: string | URL,
  options: SignInOptions = {},
): Promise<string> {
  const f = options.fetch ?? fetch
  const start = new URL(authorizationUrl)
  const redirected = (res: Response, base: URL) => {
    const location = res.headers.get('location')
    return res.status >= 300 && res.status < 400 && location
      ? new URL(location, base).href
      : undefined
  }
  const first = await f(start, { redirect: 'manual' })
  const early = redirected(first, start)
  if (early) return early
  const page = await first.text()
  if (first.status !== 200) {
    const reason = text(page, 'unknown-client-reason') ?? text(page, 'error-message')
    throw new Error(
      `The emulator refused the authorization request (${first.status})${reason ? `: ${reason}` : ''}`,
    )
  }
  const signInForm = forms(page).find((form) => form.body.includes('name="password"'))
  if (!signInForm)
    throw new Error('The authorization URL did not lead to the emulator sign-in page')
  const action = new URL(signInForm.action, start)
  const post = (url: URL, fields: Record<string, string>, cookie?: string) =>
    f(url, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(cookie ? { cookie } : {}),
      },
      body: new URLSearchParams(fields),
    })
  const signedIn = await post(action, {
    ...signInForm.hidden,
    email: options.email ?? DEMO.users.alice.email,
    password: options.password ?? DEMO.users.alice.password,
  })
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]
  const remembered = redirected(signedIn, action)
  if (remembered) return remembered
  const consentPage = await signedIn.text()
  const alert = alertText(consentPage)
  if (alert) throw new Error(`Sign-in failed: ${alert}`)
  const consent = forms(consentPage).find((form) => form.body.includes('name="decision"'))
  if (!consent) throw new Error('The emulator showed neither a consent page nor a redirect')
  const consentUrl = new URL(consent.action, action)
  const answered = await post(
    consentUrl,
    { ...consent.hidden, decision: options.decision ?? 'allow' },
    cookie,
  )
  const done = redirected(answered, consentUrl)
  if (!done) throw new Error(`The consent page answered ${answered.status}, not a redirect`)
  return done
}
