// The demo's pages: the shared frame and cards of every sample (@lwa-kit/demo-ui).
import { WebErrorCode } from '@lwa-kit/core'
import { failureOfCode, samplePages } from '@lwa-kit/demo-ui'

export const { signedOutPage, homePage, failurePage, devicePage, notFoundPage } = samplePages({
  demo: 'Better Auth',
  signIn: { action: '/sign-in' },
  signOut: '/sign-out',
  device: {
    start: '/api/auth/amazon/device/start',
    status: '/api/auth/amazon/device/status',
    statusMethod: 'POST',
  },
})

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
