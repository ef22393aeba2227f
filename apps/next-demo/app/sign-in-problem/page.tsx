import { WebErrorCode } from '@lwa-kit/core'
import { failureOfCode, pageTitle } from '@lwa-kit/demo-ui'
import { SignInCard } from '../signed-out'

export const dynamic = 'force-dynamic'
export const metadata = { title: pageTitle('Sign-in problem', 'Next.js') }

/**
 * next-auth's error names (`pages.error`, `pages.signIn`) in core's words; core's codes (from our
 * callback route) as they are. `OAuthCallback` is mostly a state or PKCE cookie that is missing or
 * not this sign-in's (another browser, too late, used twice): core's state mismatch says that.
 */
const NEXT_AUTH_ERRORS: Record<string, string> = {
  AccessDenied: WebErrorCode.AccessDenied,
  OAuthCallback: WebErrorCode.StateMismatch,
  Configuration: WebErrorCode.InvalidClient,
}

/** Cancel on Amazon's page and every failed sign-in; without `?error=`, the sign-in card. */
export default async function SignInProblem({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}) {
  const error = (await searchParams).error
  if (error === undefined) return <SignInCard />
  const code = typeof error === 'string' ? (NEXT_AUTH_ERRORS[error] ?? error) : undefined
  return <SignInCard failure={failureOfCode(code)} />
}
