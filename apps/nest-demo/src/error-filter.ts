import { failureOfCode } from '@lwa-kit/demo-ui'
import { LwaHttpException } from '@lwa-kit/nestjs'
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common'
import { failurePage } from './frame.js'
import type { Req, Res } from './http.js'

/**
 * Renders lwa-kit's exceptions as the samples' failure page (core's words) for a browser's page
 * request; the APIs (`/api/…`) and every other client get core's JSON, `{ error, message }`, the
 * same in every sample.
 */
@Catch(LwaHttpException)
export class LwaErrorPageFilter implements ExceptionFilter {
  catch(exception: LwaHttpException, host: ArgumentsHost): void {
    const http = host.switchToHttp()
    const req = http.getRequest<Req & { path?: string }>()
    const res = http.getResponse<Res>()
    const status = exception.getStatus()
    const body = exception.getResponse() as { error: string; message: string }
    const api = (req.path ?? '').startsWith('/api/')
    if (api || !String(req.headers.accept ?? '').includes('text/html')) {
      res.status(status).json({ error: body.error, message: body.message })
      return
    }
    res
      .status(status)
      .type('html')
      .send(failurePage(failureOfCode(body.error)))
  }
}
