import { rememberConsent } from './authorize-core.js'
import type { EmulatorContext } from './context.js'
import type { CodePairRecord } from './state.js'

/** Approving or denying a code pair, from the code-entry page or the control API. @internal */

/** The pending, unexpired code pair with this user code. */
export function pendingPair(ctx: EmulatorContext, userCode: string): CodePairRecord | undefined {
  const pair = ctx.state.codePairByUserCode(userCode)
  if (pair?.status !== 'pending' || pair.expiresAt <= ctx.clock.now()) return undefined
  return pair
}

export function decidePair(
  ctx: EmulatorContext,
  pair: CodePairRecord,
  userId: string,
  decision: 'allow' | 'deny',
): void {
  pair.userId = userId
  pair.status = decision === 'allow' ? 'approved' : 'denied'
  if (decision === 'allow') rememberConsent(ctx, pair.clientId, pair.scopes, userId)
}
