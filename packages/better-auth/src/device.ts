/**
 * Device linking with LWA's code pair through core's `createDeviceLinking`: the pending pair in a
 * sealed cookie, at most one LWA call per status request and never before the pair's interval, no
 * server state per attempt and no background polling. Once linked, the browser gets a Better Auth
 * session.
 *
 * @internal
 */
import {
  createDeviceLinking,
  type DeviceLinking,
  type SignedInUser,
  type TokenSet,
} from '@lwa-kit/core'
import type { GenericEndpointContext } from 'better-auth'
import { setSessionCookie } from 'better-auth/cookies'
import { handleOAuthUserInfo } from 'better-auth/oauth2'
import { answer, requestOf, type State, stateOf } from './state.js'

type Device = NonNullable<State['device']>

const linkings = new WeakMap<Device, DeviceLinking>()

/** The plugin's device linking, made on first use (it needs the auth context's secret). */
function linkingOf(ctx: GenericEndpointContext) {
  const state = stateOf(ctx.context)
  const device = state.device
  if (!device) throw ctx.error('NOT_FOUND', { code: 'AMAZON_DEVICE_OFF' })
  let linking = linkings.get(device)
  if (!linking) {
    linking = createDeviceLinking({
      client: device.client,
      secret: ctx.context.secret,
      scope: device.scope,
      scopeData: device.scopeData,
      allowedOrigins: ctx.context.trustedOrigins,
      now: state.amazon.options.now,
    })
    linkings.set(device, linking)
  }
  return { state, device, linking }
}

/** `POST /amazon/device/start`: core's answer (201 with the code, 405, 403, or LWA's failure). */
export async function deviceStart(ctx: GenericEndpointContext) {
  const { linking } = linkingOf(ctx)
  return answer(ctx, await linking.start(requestOf(ctx)))
}

/** `GET /amazon/device/status`: core's answer; `linked` also sets the Better Auth session cookie. */
export async function deviceStatus(ctx: GenericEndpointContext) {
  const { state, device, linking } = linkingOf(ctx)
  const outcome = await linking.status(requestOf(ctx))
  if (outcome.status === 'linked') await signIn(ctx, state, device, outcome.user, outcome.tokens)
  return answer(ctx, outcome.answer)
}

/** Signs the browser in as the Amazon user who entered the code (an `amazon-device` account). */
async function signIn(
  ctx: GenericEndpointContext,
  state: State,
  device: Device,
  user: SignedInUser,
  tokens: TokenSet,
) {
  // The same Amazon user who signed in in a browser is the same Better Auth user.
  const owner = await ctx.context.internalAdapter.findAccountOwnerByKey({
    providerId: state.web.providerId,
    accountId: user.id,
  })
  const result = await handleOAuthUserInfo(ctx, {
    userInfo: state.amazon.userInfo(user),
    account: {
      providerId: device.providerId,
      accountId: user.id,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? null,
      accessTokenExpiresAt: new Date(tokens.expiresAt),
      scope: tokens.scope.join(','),
    },
    ...(state.amazon.options.disableSignUp ? { disableSignUp: true } : {}),
    ...(owner?.kind === 'owned'
      ? { selectedUser: { userId: owner.user.id, profile: 'preserve' as const } }
      : {}),
  })
  if (result.error !== null || !result.data)
    throw ctx.error('FORBIDDEN', { code: 'AMAZON_DEVICE_SIGN_IN_REFUSED', message: result.error })
  await setSessionCookie(ctx, result.data)
}
