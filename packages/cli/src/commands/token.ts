/**
 * `lwa token`: print a fresh access token (refreshed and saved first when it is about to expire).
 *
 * @module
 */
import { FileTokenStore } from '../file-token-store.js'
import type { Output } from '../output.js'
import { openSession } from './session.js'

/** Options of `lwa token`. */
export interface TokenFlags {
  file?: string
  json?: boolean
}

/** Runs `lwa token`. */
export async function tokenCommand(
  flags: TokenFlags,
  out: Output,
  env: Record<string, string | undefined>,
  signal: AbortSignal,
): Promise<void> {
  const session = await openSession(flags.file, env)
  const tokens = await session.tokens.getTokenSet(FileTokenStore.KEY, { signal })
  if (flags.json) {
    out.line(
      JSON.stringify({
        accessToken: tokens.accessToken,
        tokenType: tokens.tokenType,
        expiresAt: new Date(tokens.expiresAt).toISOString(),
        scope: tokens.scope,
      }),
    )
  } else {
    out.line(tokens.accessToken)
  }
}
