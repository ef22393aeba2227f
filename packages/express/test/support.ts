// Test helpers: the repo's cookie jar and listen (tools/testing/http.mjs), and the emulator's
// HTML sign-in and consent pages driven by fetch.
import { DEMO } from '@lwa-kit/emulator'
import type { CookieJar } from '../../../tools/testing/http.mjs'

export { approveAt, CookieJar, listen } from '../../../tools/testing/http.mjs'

/** Reads the first form of an emulator page: its action and its hidden fields. */
export function readForm(
  html: string,
  base: string,
): { action: string; fields: Record<string, string> } {
  const form = /<form method="post" action="([^"]+)">/.exec(html)
  if (!form) throw new Error(`no form in page: ${html.slice(0, 200)}`)
  const fields: Record<string, string> = {}
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[m[1]!] = m[2]!.replace(/&amp;/g, '&')
  return { action: new URL(form[1]!.replace(/&amp;/g, '&'), base).toString(), fields }
}

/**
 * From the app's login redirect to the app's callback URL, through the emulator's sign-in and
 * consent pages (as a browser would post them).
 */
export async function signInOnPages(
  jar: CookieJar,
  authorizeUrl: string,
  decision: 'allow' | 'deny' = 'allow',
  user: { email: string; password: string } = DEMO.users.alice,
): Promise<string> {
  const page = await jar.fetch(authorizeUrl)
  const signIn = readForm(await page.text(), authorizeUrl)
  const afterSignIn = await jar.fetch(signIn.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...signIn.fields, email: user.email, password: user.password }),
  })
  if (afterSignIn.status === 302) return afterSignIn.headers.get('location')!
  const consent = readForm(await afterSignIn.text(), signIn.action)
  const decided = await jar.fetch(consent.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...consent.fields, decision }),
  })
  if (decided.status !== 302) throw new Error(`consent answered ${decided.status}`)
  return decided.headers.get('location')!
}
