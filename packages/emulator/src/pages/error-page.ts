import type { Fields } from '../http-util.js'
import { escapeHtml, layout } from './html.js'

/** Amazon's "We're sorry!" page for `/ap/oa` errors that cannot be redirected. @internal */
export function errorPage(
  status: number,
  message: string | undefined,
  details: Fields,
  /** Emulator-only HTML shown under the summary (already escaped). */
  hint = '',
): string {
  const statusText = status === 400 ? 'Bad Request' : status >= 500 ? 'Server Error' : 'Error'
  const rows = Object.entries(details)
    .filter(([key]) => !/secret|password|code_verifier/i.test(key))
    .map(
      ([key, value]) =>
        `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(typeof value === 'string' ? value : JSON.stringify(value))}</td></tr>`,
    )
    .join('')
  return layout(
    "We're sorry!",
    `<div class="box"><h1>We're sorry!</h1>
<p>An error occurred when we tried to process your request. Rest assured, we're already working on the problem and expect to resolve it shortly.</p></div>
<div class="box"><h2>Error Summary</h2><p id="error-status">${status} ${statusText}</p>
${message ? `<p id="error-message">${escapeHtml(message)}</p>` : ''}</div>
${hint}
${rows ? `<div class="box"><h2>Request Details</h2><table>${rows}</table></div>` : ''}`,
  )
}
