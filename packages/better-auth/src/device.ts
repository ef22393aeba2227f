/**
 * Device linking with LWA's code pair: `start` asks for a code pair and seals it in a cookie;
 * `status` polls LWA once per request and, once the user entered the code, signs the browser in
 * with a Better Auth session. No server state per attempt, no background polling.
 *
 * @internal
 */
import {
  type CodePair,
  checkCodePair,
  checkStateChanging,
  describeError,
  failureAnswer,
  isLwaError,
  LwaErrorCode,
  openValue,
  sealValue,
  webRequestFromHeaders,
} from '@lwa-kit/core'
import type { GenericEndpointContext } from 'better-auth'
import { setSessionCookie } from 'better-auth/cookies'
import { handleOAuthUserInfo } from 'better-auth/oauth2'
import { answer, stateOf } from './state.js'

const PURPOSE = 'lwa-kit/better-auth/device'

function deviceOf(ctx: GenericEndpointContext) {
  const state = stateOf(ctx.context)
  if (!state.device) throw ctx.error('NOT_FOUND', { code: 'AMAZON_DEVICE_OFF' })
  return { state, device: state.device, cookie: ctx.context.createAuthCookie('amazon_device') }
}

/**
 * Core's rules around both routes: cross-site requests refused (whatever cookies they carry), and
 * an LWA failure answered from core's error table (503 + code when LWA is down) instead of a 500.
 */
export function guarded(handler: (ctx: GenericEndpointContext) => Promise<unknown>) {
  return async (ctx: GenericEndpointContext) => {
    const request = webRequestFromHeaders('POST', ctx.context.baseURL, ctx.headers ?? new Headers())
    const refused = checkStateChanging(request, { allowedOrigins: ctx.context.trustedOrigins })
    if (refused) return answer(ctx, refused)
    try {
      return await handler(ctx)
    } catch (err) {
      if (!isLwaError(err)) throw err
      return answer(ctx, failureAnswer(describeError(err)))
    }
  }
}

/** `POST /amazon/device/start`: a code pair for the user to enter on Amazon's page. */
export async function deviceStart(ctx: GenericEndpointContext) {
  const { device, cookie } = deviceOf(ctx)
  const pair = await device.client.requestCodePair({
    scope: device.scope,
    ...(device.scopeData ? { scopeData: device.scopeData } : {}),
  })
  const maxAge = Math.max(1, Math.ceil((pair.expiresAt - Date.now()) / 1000))
  const sealed = await sealValue(pair, {
    secret: ctx.context.secret,
    maxAgeSeconds: maxAge,
    purpose: PURPOSE,
  })
  ctx.setCookie(cookie.name, sealed, { ...cookie.attributes, maxAge })
  ctx.setHeader('cache-control', 'no-store')
  const { userCode, verificationUri, expiresAt, interval } = pair
  ctx.setStatus(201)
  return ctx.json({ userCode, verificationUri, expiresAt, interval })
}

/** `POST /amazon/device/status`: one poll; `linked` sets the Better Auth session cookie. */
export async function deviceStatus(ctx: GenericEndpointContext) {
  const { state, device, cookie } = deviceOf(ctx)
  ctx.setHeader('cache-control', 'no-store')
  const opened = await openValue<CodePair>(ctx.getCookie(cookie.name) ?? undefined, {
    secret: ctx.context.secret,
    purpose: PURPOSE,
  })
  if (!opened) {
    ctx.setStatus(404)
    return ctx.json({ status: 'none' })
  }
  const clear = () => ctx.setCookie(cookie.name, '', { ...cookie.attributes, maxAge: 0 })
  let check: Awaited<ReturnType<typeof checkCodePair>>
  try {
    check = await checkCodePair(device.client, opened.value)
  } catch (err) {
    const code = isLwaError(err) ? err.code : undefined
    if (code === LwaErrorCode.CodePairExpired || code === LwaErrorCode.DeviceAuthorizationDenied) {
      clear()
      return ctx.json({ status: code === LwaErrorCode.CodePairExpired ? 'expired' : 'denied' })
    }
    throw err
  }
  if (check.status === 'pending') return ctx.json({ status: 'pending', reason: check.reason })
  clear()
  const { tokens } = check
  const me = await device.client.profile(tokens.accessToken)
  const emailFor =
    state.options.emailForUserIdOnly ?? ((id: string) => `${id.toLowerCase()}@users.amazon.invalid`)
  // The same Amazon user who signed in in a browser is the same Better Auth user.
  const owner = await ctx.context.internalAdapter.findAccountOwnerByKey({
    providerId: state.web.providerId,
    accountId: me.userId,
  })
  const result = await handleOAuthUserInfo(ctx, {
    userInfo: {
      id: me.userId,
      name: me.name ?? '',
      email: me.email ?? emailFor(me.userId),
      emailVerified: false,
    },
    account: {
      providerId: device.providerId,
      accountId: me.userId,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? null,
      accessTokenExpiresAt: new Date(tokens.expiresAt),
      scope: tokens.scope.join(','),
    },
    ...(state.options.disableSignUp ? { disableSignUp: true } : {}),
    ...(owner?.kind === 'owned'
      ? { selectedUser: { userId: owner.user.id, profile: 'preserve' as const } }
      : {}),
  })
  if (result.error !== null || !result.data)
    throw ctx.error('FORBIDDEN', { code: 'AMAZON_DEVICE_SIGN_IN_REFUSED', message: result.error })
  await setSessionCookie(ctx, result.data)
  return ctx.json({
    status: 'linked',
    user: { id: result.data.user.id, name: result.data.user.name },
  })
}
