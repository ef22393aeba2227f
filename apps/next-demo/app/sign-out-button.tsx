'use client'

import { signOut } from 'next-auth/react'

export function SignOutButton() {
  return (
    <button type="button" id="sign-out" onClick={() => signOut({ callbackUrl: '/' })}>
      Sign out
    </button>
  )
}
