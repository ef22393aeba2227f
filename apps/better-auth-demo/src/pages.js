// The demo's pages: the shared frame and cards of every sample (@lwa-kit/demo-ui).
import { WebErrorCode } from '@lwa-kit/core'
import {
  apiCard,
  deviceCard,
  failureCard,
  failureOfCode,
  htmlPage,
  musicCard,
  profileCard,
  signInCard,
  signInControl,
} from '@lwa-kit/demo-ui'

const DEMO = 'Better Auth'
const signIn = signInControl({ action: '/sign-in' })

/** @param {{ appUrl: string, clientId: string, emulatorUrl?: string }} app */
export function signedOutPage(app) {
  return htmlPage({ demo: DEMO, title: 'Sign in', body: signInCard(signIn) + apiCard(app) })
}

/**
 * @param {{ id?: string | null, name?: string | null, email?: string | null }} user `id`: the Amazon user id
 * @param {Parameters<typeof musicCard>[0]} music
 * @param {{ appUrl: string, clientId: string, emulatorUrl?: string }} app
 */
export function homePage(user, music, app) {
  return htmlPage({
    demo: DEMO,
    title: 'Your profile',
    body: profileCard(user, '/sign-out') + musicCard(music) + apiCard(app),
  })
}

/** Cancel on Amazon's page, a failed sign-in, a revoked grant. @param {import('@lwa-kit/core').WebFailure} failure */
export function failurePage(failure) {
  return htmlPage({ demo: DEMO, title: 'Sign-in problem', body: failureCard(failure, signIn) })
}

/**
 * Better Auth's error code from its redirect (`?error=`) in core's words: `access_denied` is
 * Cancel on Amazon's page; a lost or foreign sign-in state, a code that did not work; else a
 * failed sign-in.
 * @param {string | null} code
 */
export function betterAuthFailure(code) {
  const text = (code ?? '').toLowerCase()
  if (text === 'access_denied') return failureOfCode(WebErrorCode.AccessDenied)
  if (text.includes('state') || text === 'please_restart_the_process')
    return failureOfCode(WebErrorCode.StateMismatch)
  if (text.includes('code')) return failureOfCode(WebErrorCode.InvalidGrant)
  return failureOfCode(code)
}

export function notFoundPage() {
  return htmlPage({
    demo: DEMO,
    title: 'Not found',
    body: '<section class="card"><h1>Page not found</h1><p class="actions"><a href="/">Home</a></p></section>',
  })
}

export function devicePage() {
  return htmlPage({
    demo: DEMO,
    title: 'Link a device',
    body: deviceCard({
      start: '/api/auth/amazon/device/start',
      status: '/api/auth/amazon/device/status',
      statusMethod: 'POST',
    }),
  })
}
