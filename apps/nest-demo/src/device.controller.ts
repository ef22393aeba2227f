import { deviceCard, htmlPage } from '@lwa-kit/demo-ui'
import { type DeviceLinkStatus, LwaDeviceService, LwaSessionService } from '@lwa-kit/nestjs'
import { All, Controller, Get, Inject, Req, Res } from '@nestjs/common'
import { DEMO } from './frame.js'
import type { Res as Response } from './http.js'

type DeviceReq = Parameters<LwaDeviceService['start']>[0]
type DeviceRes = Parameters<LwaDeviceService['start']>[1] & Response

/**
 * Device linking with LWA's code pair: this page plays the device (a TV, a speaker), the user
 * enters its code on Amazon, and the browser is signed in like after the web sign-in. The pending
 * pair is in a sealed cookie; each status request asks LWA at most once, never before the pair's
 * interval (core's createDeviceLinking behind LwaDeviceService).
 */
@Controller()
export class DeviceController {
  constructor(
    @Inject(LwaDeviceService) private readonly devices: LwaDeviceService,
    @Inject(LwaSessionService) private readonly sessions: LwaSessionService,
  ) {}

  /** JSON: starts linking (POST only, same-site only); answers the code and where to enter it. */
  @All('api/device/start')
  start(@Req() req: DeviceReq, @Res() res: DeviceRes): Promise<void> {
    return this.devices.start(req, res)
  }

  /** JSON: pending, linked (the browser is signed in), denied, expired or none. */
  @Get('api/device/status')
  status(@Req() req: DeviceReq, @Res() res: DeviceRes): Promise<DeviceLinkStatus> {
    return this.devices.status(req, res, (user) => this.sessions.signIn(req, res, user))
  }

  /** The page: shows a code, asks for the status at the answer's retryAt, then the profile. */
  @Get('device')
  home(@Res() res: Response): void {
    res.type('html').send(
      htmlPage({
        demo: DEMO,
        title: 'Link a device',
        body: deviceCard({ start: '/api/device/start', status: '/api/device/status' }),
      }),
    )
  }
}
