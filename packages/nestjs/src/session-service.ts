/**
 * Sign-in sessions for Nest apps: core's web session (a sealed cookie naming a server-side
 * handle) and core's rule for signing out (POST only, same-site only).
 *
 * @module
 */
import {
  appendNodeCookie,
  checkStateChanging,
  createWebSession,
  type NodeRequestLike,
  type NodeResponseLike,
  nodeWebRequest,
  redirectAnswer,
  type TokenManager,
  type TokenStore,
  type WebRequest,
  type WebSession,
  writeNodeAnswer,
} from '@lwa-kit/core'
import { nodeSealCrypto } from '@lwa-kit/node'
import { Inject, Injectable } from '@nestjs/common'
import { takeSignInTokens } from './lib/sign-in-tokens.js'
import { LWA_MODULE_OPTIONS } from './module-definition.js'
import type { LwaModuleOptions, LwaUser } from './options.js'
import { LWA_TOKEN_MANAGER, LWA_TOKEN_STORE } from './tokens.js'

/** Express's request as Nest hands it (`req.secure` honours `trust proxy`). */
type Req = NodeRequestLike & { secure?: boolean; user?: unknown }

/** What the cookie keeps of the user (the key is the session's own; no token info). */
type Kept = Omit<LwaUser, 'key' | 'tokenInfo'>

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
  private readonly session: WebSession<Kept> | undefined
  private readonly allowedOrigins: readonly string[]

  constructor(
    @Inject(LWA_MODULE_OPTIONS) options: LwaModuleOptions,
    @Inject(LWA_TOKEN_STORE) store: TokenStore,
    @Inject(LWA_TOKEN_MANAGER) private readonly manager: TokenManager,
  ) {
    const settings = options.session
    this.allowedOrigins = settings?.allowedOrigins ?? []
    if (!settings) return
    const secret = settings.secret ?? options.stateSecret
    if (!secret)
      throw new TypeError(
        'LwaModule sessions need session.secret (or stateSecret): at least 32 characters.',
      )
    this.session = createWebSession<Kept>({
      secret,
      store,
      crypto: nodeSealCrypto,
      cookieName: settings.cookieName,
      maxAgeSeconds: settings.maxAgeSeconds,
      idleSeconds: settings.idleSeconds,
    })
  }

  /** Whether the module was given `session`. */
  get enabled(): boolean {
    return this.session !== undefined
  }

  /**
   * Starts a new session for the user `LwaAuthGuard` (or `LwaDeviceService.status`) just signed
   * in: keeps the sign-in's tokens under the session's handle, adds the session cookie to `res`
   * and answers the user with its `key` (also put on `req.user`). Call it once per sign-in,
   * before the redirect.
   *
   * @example
   * ```ts
   * const user = await sessions.signIn(req, res)
   * res.redirect(303, lwaReturnTo(req, '/profile'))
   * ```
   */
  async signIn(req: Req, res: NodeResponseLike, user = req.user as LwaUser): Promise<LwaUser> {
    const session = this.on()
    const tokens = user ? takeSignInTokens(user) : undefined
    if (!tokens)
      throw new TypeError(
        'LwaSessionService.signIn takes the user LwaAuthGuard or LwaDeviceService.status has just signed in, once.',
      )
    const { key: _key, tokenInfo: _info, ...kept } = user
    const issued = await session.issue(nodeWebRequest(req, req.secure === true), 'nest', kept)
    await this.manager.setTokens(issued.key, tokens)
    appendNodeCookie(res, issued.cookie)
    const signedIn: LwaUser = { ...kept, key: issued.key }
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
    const opened = await this.on().open(nodeWebRequest(req, req.secure === true))
    if (!opened) return undefined
    if (opened.renewed && res && !res.headersSent) appendNodeCookie(res, opened.renewed)
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
    const session = this.on()
    const request = nodeWebRequest(req, req.secure === true)
    const refused = checkStateChanging(request, { allowedOrigins: this.allowedOrigins })
    if (refused) {
      writeNodeAnswer(res, refused)
      return false
    }
    writeNodeAnswer(res, redirectAnswer(redirectTo, [await this.close(session, request)]))
    return true
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
    const cleared = await this.close(this.on(), nodeWebRequest(req, req.secure === true))
    if (!res.headersSent) appendNodeCookie(res, cleared)
  }

  /** Deletes the request's session handle and its tokens; answers the cookie that clears it. */
  private async close(session: WebSession<Kept>, request: WebRequest): Promise<string> {
    const opened = await session.open(request)
    if (opened) await this.manager.forget(opened.key)
    return session.end(request, opened?.key)
  }

  private on(): WebSession<Kept> {
    if (!this.session)
      throw new TypeError('LwaSessionService is off: give LwaModule the option `session`.')
    return this.session
  }
}
