/**
 * Sign-in sessions for Nest apps: core's web session (a sealed cookie naming a server-side
 * handle) and core's rule for signing out (POST only, same-site only).
 *
 * @module
 */
import {
  createSignInSessions,
  keepSignInTokens,
  type NodeResponseLike,
  type NodeSessionRequest,
  type NodeSignInSessions,
  nodeSignInSessions,
  type SignInTokensOptions,
  type TokenManager,
  type TokenSet,
  type TokenStore,
} from '@lwa-kit/core'
import { nodeSealCrypto } from '@lwa-kit/node'
import { Inject, Injectable } from '@nestjs/common'
import { LWA_MODULE_OPTIONS } from './module-definition.js'
import { type LwaModuleOptions, type LwaUser, secretFor } from './options.js'
import { LWA_TOKEN_MANAGER, LWA_TOKEN_STORE } from './tokens.js'

/** Express's request as Nest hands it (`req.secure` honours `trust proxy`). */
type Req = NodeSessionRequest & { user?: unknown }

/** What the cookie keeps of the user (the key is the session's own; no token info). */
type Kept = Omit<LwaUser, 'key' | 'tokenInfo'>

/**
 * The tokens of sign-ins that have not become a session yet: with sessions on, `LwaStrategy` and
 * `LwaDeviceService` hand them to `LwaSessionService.signIn` through the user object, without
 * putting them on it (a `req.user` that is logged or sent as JSON carries no token).
 */
const pending = new WeakMap<object, TokenSet>()

/**
 * Keeps a sign-in's tokens by core's rule (`keepSignInTokens`), as `LwaStrategy` and
 * `LwaDeviceService` both do: with sessions on, held for `LwaSessionService.signIn` (which keeps
 * them under the new session's handle), or dropped once the app answered first; else stored under
 * the user id, which becomes `user.key`. Answers the user to hand on.
 *
 * @internal
 */
export async function keepTokens(
  user: LwaUser,
  tokens: TokenSet,
  keeper: TokenKeeper,
  answered = false,
): Promise<LwaUser> {
  const fate = await keepSignInTokens({ ...keeper, userId: user.userId, tokens, answered })
  if (fate === 'session') pending.set(user, tokens)
  return fate === 'stored' ? { ...user, key: user.userId } : user
}

/** How a module keeps a sign-in's tokens: by the session with `session` on, else by the user id. @internal */
export type TokenKeeper = Pick<SignInTokensOptions, 'keyedBy' | 'store'>

/** The {@link TokenKeeper} of a module's options. @internal */
export const tokenKeeper = (
  options: LwaModuleOptions,
  store: TokenKeeper['store'],
): TokenKeeper => ({
  keyedBy: options.session ? 'session' : 'user',
  store,
})

/**
 * The signed-in sessions of `LwaModule` (option `session`). Each sign-in gets a new session: a
 * sealed cookie (HttpOnly, SameSite=Lax, Path=/, `Secure` and `__Host-` behind https) that names
 * a handle of its own in the token store, and the sign-in's tokens are kept under that handle
 * (`user.key`). Signing out deletes the handle, so every copy of the cookie is signed out, and a
 * copy never sees the tokens of a later sign-in. `signOut` answers only a same-site POST (405
 * `LWA_METHOD_NOT_ALLOWED` otherwise, 403 `LWA_CROSS_SITE_REQUEST` from another site).
 *
 * @example
 * ```ts
 * @Controller('auth/amazon')
 * export class AuthController {
 *   constructor(@Inject(LwaSessionService) private readonly sessions: LwaSessionService) {}
 *
 *   @Get('callback')
 *   @UseGuards(LwaAuthGuard)
 *   async callback(@Req() req: Request, @Res() res: Response) {
 *     await this.sessions.signIn(req, res)
 *     res.redirect(303, lwaReturnTo(req))
 *   }
 *
 *   @All('logout') // POST only: the service answers 405 to any other method
 *   logout(@Req() req: Request, @Res() res: Response) {
 *     return this.sessions.signOut(req, res)
 *   }
 * }
 * ```
 */
@Injectable()
export class LwaSessionService {
  private readonly sessions: NodeSignInSessions<Kept> | undefined

  constructor(
    @Inject(LWA_MODULE_OPTIONS) options: LwaModuleOptions,
    @Inject(LWA_TOKEN_STORE) store: TokenStore,
    @Inject(LWA_TOKEN_MANAGER) manager: TokenManager,
  ) {
    const settings = options.session
    if (!settings) return
    this.sessions = nodeSignInSessions(
      createSignInSessions<Kept>({
        ...settings,
        secret: secretFor('sessions need session.secret', settings.secret, options),
        store,
        tokens: manager,
        crypto: nodeSealCrypto,
      }),
    )
  }

  /** Whether the module was given `session`. */
  get enabled(): boolean {
    return this.sessions !== undefined
  }

  /**
   * Starts a new session for the user `LwaAuthGuard` (or `LwaDeviceService.status`) just signed
   * in: keeps the sign-in's tokens under the session's handle, adds the session cookie to `res`
   * and answers the user with its `key` (also put on `req.user`). Call it once per sign-in,
   * before the redirect. When the app has already answered (a request-timeout middleware), no
   * session is started (its cookie could never reach the browser), nothing is written and the
   * user comes back without a `key`.
   *
   * @example
   * ```ts
   * const user = await sessions.signIn(req, res)
   * res.redirect(303, lwaReturnTo(req, '/profile'))
   * ```
   */
  async signIn(req: Req, res: NodeResponseLike, user = req.user as LwaUser): Promise<LwaUser> {
    const sessions = this.on()
    const tokens = user ? pending.get(user) : undefined
    if (user) pending.delete(user)
    if (!tokens)
      throw new TypeError(
        'LwaSessionService.signIn takes the user LwaAuthGuard or LwaDeviceService.status has just signed in, once.',
      )
    const { key: _key, tokenInfo: _info, ...kept } = user
    const key = await sessions.signIn(req, res, 'nest', kept, tokens)
    const signedIn: LwaUser = key ? { ...kept, key } : kept
    req.user = signedIn
    return signedIn
  }

  /**
   * The signed-in user of this request (with its `key`), or `undefined`: no cookie, tampered,
   * expired, idle, or signed out anywhere. Renews the idle lifetime on `res` when it moved on.
   *
   * @example
   * ```ts
   * const user = await sessions.user(req, res)
   * if (!user) return res.redirect('/')
   * const me = await music.me(user.key!)
   * ```
   */
  async user(req: Req, res?: NodeResponseLike): Promise<LwaUser | undefined> {
    const opened = await this.on().open(req, res)
    if (!opened) return undefined
    const user: LwaUser = { ...opened.data, key: opened.key }
    req.user = user
    return user
  }

  /**
   * Signs out (a same-site POST only): deletes the session's handle and its tokens, clears the
   * cookie and redirects (303) to `redirectTo`. Any other request is answered with core's refusal
   * (405 with `Allow: POST`, or 403 `LWA_CROSS_SITE_REQUEST`) and signs nobody out. Writes the
   * answer to `res` (use `@Res()`); answers whether it signed out.
   *
   * @example
   * ```ts
   * @All('logout')
   * logout(@Req() req: Request, @Res() res: Response) {
   *   return this.sessions.signOut(req, res, '/')
   * }
   * ```
   */
  async signOut(req: Req, res: NodeResponseLike, redirectTo = '/'): Promise<boolean> {
    return this.on().signOut(req, res, redirectTo)
  }

  /**
   * Ends this request's session now, without the checks of `signOut`: for the app's own reasons
   * (the grant was revoked, the account was closed), not for a request to sign out. Deletes the
   * handle and its tokens and adds the cookie that clears it to `res`.
   *
   * @example
   * ```ts
   * if (error.code === LwaErrorCode.ReauthorizationRequired) await sessions.end(req, res)
   * ```
   */
  async end(req: Req, res: NodeResponseLike): Promise<void> {
    return this.on().end(req, res)
  }

  private on(): NodeSignInSessions<Kept> {
    if (!this.sessions)
      throw new TypeError('LwaSessionService is off: give LwaModule the option `session`.')
    return this.sessions
  }
}
