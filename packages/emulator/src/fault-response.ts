import type { EmulatorContext, RequestContext } from './context.js'
import type { ActiveFault } from './faults.js'
import { sendHtml, sendLwaError } from './http-util.js'
import { errorPage } from './pages/error-page.js'
import { sendMusicError } from './routes/music.js'

/** What an injected fault does to a request. @internal */

const MUSIC_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'INVALID_ACCESS_TOKEN',
  403: 'ACCESS_DENIED',
  404: 'RESOURCE_NOT_FOUND',
  429: 'THROTTLED',
  500: 'INTERNAL',
  503: 'SERVICE_UNAVAILABLE',
}

function lwaErrorFor(ctx: EmulatorContext, status: number): [string, string] {
  if (status === 503) return [ctx.options.unavailableErrorCode, 'Service Unavailable']
  if (status >= 500) return [ctx.options.serverErrorCode, 'Internal Server Error']
  if (status === 401) return ['invalid_client', 'Client authentication failed']
  if (status === 429) return ['slow_down', 'Too Many Requests']
  return ['invalid_request', 'Malformed request']
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())

/** Applies a fault; returns true when the request is answered (or dropped) and must not go on. */
export async function applyFault(
  ctx: EmulatorContext,
  rc: RequestContext,
  fault: ActiveFault,
): Promise<boolean> {
  switch (fault.kind) {
    case 'delay':
      await delay(fault.delayMs)
      return false
    case 'reset':
      rc.req.socket.destroy()
      return true
    case 'malformed': {
      const html = fault.endpoint === 'authorize'
      const body = html ? '<html><body><div class="a-box' : '{"access_token":"Atza|IwEBI'
      rc.res.writeHead(200, {
        'Content-Type': html ? 'text/html;charset=UTF-8' : 'application/json;charset=UTF-8',
        'Content-Length': Buffer.byteLength(body),
      })
      rc.res.end(body)
      return true
    }
    case 'status': {
      const status = fault.status
      if (status < 400) {
        rc.res.writeHead(status, { 'Content-Length': 0 })
        rc.res.end()
      } else if (fault.endpoint === 'authorize') {
        sendHtml(rc.res, status, errorPage(status, undefined, {}))
      } else if (fault.endpoint === 'music') {
        sendMusicError(rc, status, MUSIC_CODES[status] ?? 'INTERNAL', 'Injected fault.')
      } else {
        const [error, description] = lwaErrorFor(ctx, status)
        sendLwaError(
          rc.res,
          status,
          error,
          description,
          status === 503 ? { 'Retry-After': '1' } : {},
        )
      }
      return true
    }
  }
}
