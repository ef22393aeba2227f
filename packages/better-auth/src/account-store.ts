/**
 * A core `TokenStore` over Better Auth's account records: the token manager reads and writes the
 * Amazon tokens where Better Auth keeps them (encrypted when `account.encryptOAuthTokens` is on).
 *
 * @internal
 */
import type { TokenSet, TokenStore } from '@lwa-kit/core'
import type { AuthContext } from 'better-auth'
import { decryptOAuthToken, setTokenUtil } from 'better-auth/oauth2'

type Account = Awaited<ReturnType<AuthContext['internalAdapter']['findAccounts']>>[number]

/** The user's account of `providerId`, if any. */
export async function accountOf(
  ctx: AuthContext,
  userId: string,
  providerId: string,
): Promise<Account | undefined> {
  const accounts = await ctx.internalAdapter.findAccounts(userId)
  return accounts.find((account) => account.providerId === providerId)
}

/** The token set of an account, or undefined when it holds no access token. */
export async function tokensOf(ctx: AuthContext, account: Account): Promise<TokenSet | undefined> {
  if (!account.accessToken || !account.accessTokenExpiresAt) return undefined
  const refreshToken = account.refreshToken
    ? await decryptOAuthToken(account.refreshToken, ctx)
    : undefined
  return {
    accessToken: await decryptOAuthToken(account.accessToken, ctx),
    ...(refreshToken ? { refreshToken } : {}),
    tokenType: 'bearer',
    expiresAt: new Date(account.accessTokenExpiresAt).getTime(),
    // Better Auth joins scopes with commas.
    scope: (account.scope ?? '').split(/[\s,]+/).filter(Boolean),
  }
}

/** The token store of one provider id, keyed by Better Auth user id. */
export function accountTokenStore(ctx: AuthContext, providerId: string): TokenStore {
  return {
    async get(userId) {
      const account = await accountOf(ctx, userId, providerId)
      return account ? tokensOf(ctx, account) : undefined
    },
    async set(userId, tokens) {
      const account = await accountOf(ctx, userId, providerId)
      if (!account) return
      await ctx.internalAdapter.updateAccount(account.id, {
        accessToken: (await setTokenUtil(tokens.accessToken, ctx)) ?? null,
        // A refresh that returns no refresh token keeps the stored one.
        ...(tokens.refreshToken
          ? { refreshToken: (await setTokenUtil(tokens.refreshToken, ctx)) ?? null }
          : {}),
        accessTokenExpiresAt: new Date(tokens.expiresAt),
      })
    },
    async delete(userId) {
      const account = await accountOf(ctx, userId, providerId)
      if (!account) return
      // The account stays linked (the user signs in with it again); its dead grant goes.
      await ctx.internalAdapter.updateAccount(account.id, {
        accessToken: null,
        refreshToken: null,
        accessTokenExpiresAt: null,
      })
    },
  }
}
