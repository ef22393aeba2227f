import { type DeviceLinkStatus, LwaDeviceService } from '@lwa-kit/nestjs'
import { Controller, Get, Inject, Param, Post, Res } from '@nestjs/common'
import { escapeHtml, page, type Res as Response } from './http.js'

/**
 * Device linking with LWA's code pair: the device (a TV, a speaker, a CLI) shows a code, the user
 * enters it on Amazon, and the tokens land in the token store under the user's id.
 */
@Controller()
export class DeviceController {
  constructor(@Inject(LwaDeviceService) private readonly devices: LwaDeviceService) {}

  /** JSON: starts linking; answers the code to show and where to enter it. */
  @Post('api/device')
  start() {
    return this.devices.start()
  }

  /** JSON: pending, linked (with the user id), denied, expired or failed. */
  @Get('api/device/:id')
  status(@Param('id') id: string): DeviceLinkStatus {
    return this.devices.status(id)
  }

  /** The same as a page. */
  @Get('device')
  home(@Res() res: Response): void {
    res.type('html').send(
      page(
        'Link a device',
        `<h1>Link a device</h1>
<p>This page plays the part of a TV or speaker: it shows a code that you enter on Amazon.</p>
<form method="post" action="/device"><button type="submit" id="start-linking">Show a code</button></form>`,
      ),
    )
  }

  @Post('device')
  async startPage(@Res() res: Response): Promise<void> {
    const { id } = await this.devices.start()
    res.redirect(`/device/${encodeURIComponent(id)}`)
  }

  @Get('device/:id')
  statusPage(@Param('id') id: string, @Res() res: Response): void {
    const s = this.devices.status(id)
    let body: string
    if (s.status === 'pending')
      body = `<meta http-equiv="refresh" content="3">
<p>Go to <a href="${escapeHtml(s.verificationUri)}" target="_blank" rel="noopener">${escapeHtml(s.verificationUri)}</a> and enter</p>
<p style="font-size:2rem;letter-spacing:.3rem"><strong id="user-code">${escapeHtml(s.userCode)}</strong></p>
<p>Waiting for you to approve… (the code expires at ${escapeHtml(new Date(s.expiresAt).toLocaleTimeString('en-US'))})</p>`
    else if (s.status === 'linked')
      body = `<p id="device-status">Linked to Amazon account <code>${escapeHtml(s.userId)}</code>.</p>`
    else
      body = `<p class="error" id="device-status">Not linked: ${escapeHtml(s.status)} (<code>${escapeHtml(s.code)}</code>).</p>
<form method="post" action="/device"><button type="submit">Try again</button></form>`
    res.type('html').send(page('Link a device', `<h1>Link a device</h1>\n${body}`))
  }
}
