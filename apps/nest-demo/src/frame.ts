// The demo's frame: the shared one of every sample (@lwa-kit/demo-ui), with its name.
import type { WebFailure } from '@lwa-kit/core'
import { failureCard, htmlPage, signInControl } from '@lwa-kit/demo-ui'

export const DEMO = 'NestJS'

/** The sign-in control of every page: straight to Amazon, back on the home page. */
export const signIn = signInControl({ href: '/auth/amazon?returnTo=%2F' })

/** Cancel on Amazon's page, a failed sign-in, a revoked grant: core's words. */
export function failurePage(failure: WebFailure): string {
  return htmlPage({ demo: DEMO, title: 'Sign-in problem', body: failureCard(failure, signIn) })
}
