/**
 * `@LwaUser()`: the signed-in Amazon user as a route parameter.
 *
 * @module
 */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common'
import type { LwaUser as LwaUserShape } from './options.js'

/**
 * The signed-in Amazon user that the guards put on `request.user`: `userId`, and `name`, `email`,
 * `postalCode`, `scope` after sign-in, or `tokenInfo` behind `LwaBearerGuard`.
 *
 * @example
 * ```ts
 * const user: LwaUser = { userId: 'amzn1.account.AE…', name: 'Alice' }
 * ```
 */
export type LwaUser = LwaUserShape

/**
 * Injects the {@link LwaUser} that `LwaAuthGuard` or `LwaBearerGuard` put on the request, or one
 * of its fields when given a name.
 *
 * @example
 * ```ts
 * @Get('whoami')
 * @UseGuards(LwaBearerGuard)
 * whoami(@LwaUser() user: LwaUser, @LwaUser('userId') id: string) {
 *   return { id, name: user.name }
 * }
 * ```
 */
export const LwaUser: (field?: keyof LwaUserShape) => ParameterDecorator = createParamDecorator(
  (field: keyof LwaUserShape | undefined, context: ExecutionContext) => {
    const request = context.switchToHttp().getRequest<{ user?: LwaUserShape }>()
    const user = request.user
    if (!user) return undefined
    return field ? user[field] : user
  },
)
