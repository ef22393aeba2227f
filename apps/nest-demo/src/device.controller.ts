import { type DeviceLinkStatus, LwaDeviceService } from '@lwa-kit/nestjs'
import { All, Controller, Get, Inject, Req, Res } from '@nestjs/common'
import { page, type Res as Response } from './http.js'
import { SessionService } from './session.js'

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
    @Inject(SessionService) private readonly sessions: SessionService,
  ) {}

  /** JSON: starts linking (POST only, same-site only); answers the code and where to enter it. */
  @All('api/device/start')
  start(@Req() req: DeviceReq, @Res() res: DeviceRes): Promise<void> {
    return this.devices.start(req, res)
  }

  /** JSON: pending, linked (the browser is signed in), denied, expired or none. */
  @Get('api/device/status')
  status(@Req() req: DeviceReq, @Res() res: DeviceRes): Promise<DeviceLinkStatus> {
    return this.devices.status(req, res, (user) => this.sessions.create(res, user))
  }

  /** The page: shows a code, asks for the status at the answer's retryAt, then the profile. */
  @Get('device')
  home(@Res() res: Response): void {
    res.type('html').send(
      page(
        'Link a device',
        `<h1>Link a device</h1>
<p>This page plays the part of a TV or speaker: it shows a code that you enter on Amazon, then signs you in.</p>
<p><button type="button" id="start-linking">Show a code</button></p>
<div id="pair" hidden><p>Go to <a id="verification" target="_blank" rel="noopener"></a> and enter</p>
<p style="font-size:2rem;letter-spacing:.3rem"><strong id="user-code"></strong></p>
<p id="device-status">Waiting for you to approve…</p></div>
<script>
const $ = (id) => document.getElementById(id)
const later = (body) => Math.max(1000, Date.parse(body.retryAt) - Date.now())
async function poll() {
  const res = await fetch('/api/device/status', { headers: { accept: 'application/json' } })
  const body = await res.json()
  if (body.status === 'pending') return setTimeout(poll, later(body))
  if (body.status === 'linked') { $('device-status').textContent = 'Linked! Signing you in…'; return location.assign('/profile') }
  $('device-status').className = 'error'
  $('device-status').textContent = 'Not linked: ' + body.status + ' (' + (body.error || '') + ')'
}
$('start-linking').addEventListener('click', async () => {
  const res = await fetch('/api/device/start', { method: 'POST', headers: { accept: 'application/json' } })
  const body = await res.json()
  $('pair').hidden = false
  if (!res.ok) { $('device-status').className = 'error'; $('device-status').textContent = body.message; return }
  $('verification').textContent = body.verificationUri
  $('verification').href = body.verificationUri
  $('user-code').textContent = body.userCode
  setTimeout(poll, later(body))
})
</script>`,
      ),
    )
  }
}
