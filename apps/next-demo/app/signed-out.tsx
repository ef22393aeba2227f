import type { WebFailure } from '@lwa-kit/core'
import { failureIntro, signInIntro } from '@lwa-kit/demo-ui'
import { Html } from './html'
import { SignInButton } from './sign-in-button'

/** The shared sign-in card, or a failure card (`failure`), with next-auth's sign-in button. */
export function SignInCard({ failure }: { failure?: WebFailure }) {
  return (
    <section className="card">
      <Html html={failure ? failureIntro(failure) : signInIntro()} />
      <div className="actions">
        <SignInButton />
        {failure ? <a href="/">Home</a> : null}
      </div>
    </section>
  )
}
