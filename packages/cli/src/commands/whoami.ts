/**
 * `lwa whoami`: who the saved tokens belong to (profile) and what token info says about them.
 *
 * @module
 */
import { isLwaError } from '@lwa-kit/core'
import { FileTokenStore } from '../file-token-store.js'
import { formatDuration, type Output } from '../output.js'
import { openSession } from './session.js'

/** Options of `lwa whoami`. */
export interface WhoamiFlags {
  file?: string
  json?: boolean
}

/** Runs `lwa whoami`. */
export async function whoamiCommand(
  flags: WhoamiFlags,
  out: Output,
  env: Record<string, string | undefined>,
  signal: AbortSignal,
): Promise<void> {
  const session = await openSession(flags.file, env)
  const tokens = await session.tokens.getTokenSet(FileTokenStore.KEY, { signal })
  const info = await session.client.verifyAccessToken(tokens.accessToken, { signal })
  // The profile needs a profile scope; a music-only device grant has none.
  let profile: { name?: string; email?: string; postalCode?: string } | undefined
  let profileNote: string | undefined
  try {
    profile = await session.client.profile(tokens.accessToken, { signal })
  } catch (err) {
    if (!isLwaError(err) || err.retryable) throw err
    profileNote = 'not available (the grant has no profile scope)'
  }
  if (flags.json) {
    out.line(
      JSON.stringify({
        userId: info.userId,
        name: profile?.name,
        email: profile?.email,
        clientId: info.clientId,
        appId: info.appId,
        issuedAt: new Date(info.issuedAt).toISOString(),
        expiresAt: new Date(info.expiresAt).toISOString(),
        scope: tokens.scope,
        tokenFile: session.path,
      }),
    )
    return
  }
  const who = profile?.name
    ? `${profile.name}${profile.email ? ` <${profile.email}>` : ''}`
    : (profileNote ?? 'no name in the profile')
  out.line(`User:      ${who}`)
  out.line(`User id:   ${info.userId}`)
  out.line(`Client id: ${info.clientId}`)
  out.line(`App id:    ${info.appId}`)
  out.line(`Scopes:    ${tokens.scope.join(' ') || '(unknown)'}`)
  out.line(
    `Expires:   ${new Date(info.expiresAt).toISOString()} (in ${formatDuration(info.expiresAt - Date.now())})`,
  )
  out.line(`Tokens:    ${session.path}`)
}
