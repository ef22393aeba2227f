// The demo's pages: the shared frame and cards of every sample (@lwa-kit/demo-ui).
import {
  apiCard,
  deviceCard,
  failureCard,
  htmlPage,
  musicCard,
  profileCard,
  signInCard,
  signInControl,
} from '@lwa-kit/demo-ui'

const DEMO = 'Express'
const signIn = signInControl({ href: '/auth/amazon/login?returnTo=/' })

/** @param {{ appUrl: string, clientId: string, emulatorUrl?: string }} app */
export function signedOutPage(app) {
  return htmlPage({ demo: DEMO, title: 'Sign in', body: signInCard(signIn) + apiCard(app) })
}

/**
 * @param {import('@lwa-kit/express').LwaUser} user
 * @param {Parameters<typeof musicCard>[0]} music
 * @param {{ appUrl: string, clientId: string, emulatorUrl?: string }} app
 */
export function homePage(user, music, app) {
  return htmlPage({
    demo: DEMO,
    title: 'Your profile',
    body: profileCard(user, '/auth/amazon/logout') + musicCard(music) + apiCard(app),
  })
}

/** Cancel on Amazon's page, a failed sign-in, a revoked grant. @param {import('@lwa-kit/core').WebFailure} failure */
export function failurePage(failure) {
  return htmlPage({ demo: DEMO, title: 'Sign-in problem', body: failureCard(failure, signIn) })
}

export function devicePage() {
  return htmlPage({
    demo: DEMO,
    title: 'Link a device',
    body: deviceCard({ start: '/auth/amazon/device/start', status: '/auth/amazon/device/status' }),
  })
}
