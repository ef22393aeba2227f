'use client'

import { SIGN_IN_LABEL } from '@lwa-kit/demo-ui/words'
import { signIn } from 'next-auth/react'

/**
 * Sign in with Amazon, straight to Amazon: next-auth v4 starts the sign-in with a POST that
 * carries its CSRF token, which `signIn` fetches; no next-auth page in between.
 */
export function SignInButton() {
  return (
    <button
      type="button"
      className="button"
      id="sign-in"
      onClick={() => void signIn('amazon', { callbackUrl: '/' })}
    >
      {SIGN_IN_LABEL}
    </button>
  )
}
