import { LwaBearerGuard, LwaUser } from '@lwa-kit/nestjs'
import { Controller, Get, UseGuards } from '@nestjs/common'

/** An API for apps that hold their own LWA access token (a phone app, a device). */
@Controller('api')
export class ApiController {
  /** Who the token belongs to; only tokens issued to this app's client id get through. */
  @Get('me')
  @UseGuards(LwaBearerGuard)
  me(@LwaUser() user: LwaUser) {
    // The same JSON as every sample's API; times as ISO strings.
    const expiresAt = user.tokenInfo?.expiresAt
    return {
      userId: user.userId,
      clientId: user.tokenInfo?.clientId,
      expiresAt: expiresAt === undefined ? undefined : new Date(expiresAt).toISOString(),
    }
  }
}
