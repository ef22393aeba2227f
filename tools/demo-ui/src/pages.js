// The pages every sample serves, built from the frame and cards with the sample's own name and
// routes, so that the samples differ only in what their framework needs.
import { apiCard, failureCard, musicCard, profileCard, signInCard, signInControl } from './cards.js'
import { deviceCard } from './device.js'
import { htmlPage } from './frame.js'

/**
 * @param {{
 *   demo: string,
 *   signIn: { href: string } | { action: string },
 *   signOut: string,
 *   device: { start: string, status: string, statusMethod?: 'GET' | 'POST' },
 * }} sample
 */
export function samplePages({ demo, signIn: target, signOut, device }) {
  const signIn = signInControl(target)
  return {
    /** @param {{ appUrl: string, clientId: string, emulatorUrl?: string }} app */
    signedOutPage: (app) =>
      htmlPage({ demo, title: 'Sign in', body: signInCard(signIn) + apiCard(app) }),
    /**
     * @param {{ id?: string | null, name?: string | null, email?: string | null }} user
     * @param {Parameters<typeof musicCard>[0]} music
     * @param {{ appUrl: string, clientId: string, emulatorUrl?: string }} app
     */
    homePage: (user, music, app) =>
      htmlPage({
        demo,
        title: 'Your profile',
        body: profileCard(user, signOut) + musicCard(music) + apiCard(app),
      }),
    /** Cancel on Amazon's page, a failed sign-in, a revoked grant. @param {import('@lwa-kit/core').WebFailure} failure */
    failurePage: (failure) =>
      htmlPage({ demo, title: 'Sign-in problem', body: failureCard(failure, signIn) }),
    devicePage: () => htmlPage({ demo, title: 'Link a device', body: deviceCard(device) }),
    notFoundPage: () =>
      htmlPage({
        demo,
        title: 'Not found',
        body: '<section class="card"><h1>Page not found</h1><p class="actions"><a href="/">Home</a></p></section>',
      }),
  }
}
