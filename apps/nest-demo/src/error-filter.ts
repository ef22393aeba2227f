import { LwaHttpException } from '@lwa-kit/nestjs'
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common'
import { escapeHtml, page, type Req, type Res } from './http.js'

const HINTS: Record<string, string> = {
  LWA_ACCESS_DENIED: 'You cancelled the sign-in on Amazon. Nothing was shared with this app.',
  LWA_STATE_MISMATCH: 'The sign-in expired or was opened twice. Please start again.',
  LWA_REAUTHORIZATION_REQUIRED: 'Please sign in again.',
}

/**
 * Renders lwa-kit's exceptions as a friendly page for browsers; API clients keep the JSON body
 * (`{ statusCode, error, message }`, `error` being core's code).
 */
@Catch(LwaHttpException)
export class LwaErrorPageFilter implements ExceptionFilter {
  catch(exception: LwaHttpException, host: ArgumentsHost): void {
    const http = host.switchToHttp()
    const req = http.getRequest<Req & { accepts?: (type: string[]) => string | false }>()
    const res = http.getResponse<Res>()
    const status = exception.getStatus()
    const body = exception.getResponse() as { error: string; message: string }
    const accept = String(req.headers.accept ?? '')
    if (!accept.includes('text/html')) {
      res.status(status).json(body)
      return
    }
    res
      .status(status)
      .type('html')
      .send(
        page(
          'Sign-in problem',
          `<h1>Sign-in with Amazon did not complete</h1>
<p class="error" role="alert">${escapeHtml(HINTS[body.error] ?? body.message)}</p>
<p>Error code: <code id="error-code">${escapeHtml(body.error)}</code> (HTTP ${status})</p>
<p><a class="button" href="/auth/amazon">Try again</a> <a href="/">Home</a></p>`,
        ),
      )
  }
}
