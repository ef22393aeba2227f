import { describeScope } from '../scopes.js'
import { escapeHtml, hiddenInputs, layout, signedInAs } from './html.js'

/** The consent page: names each requested scope in plain words; Allow or Cancel. @internal */
export function consentPage(input: {
  action: string
  hidden: Record<string, string | undefined>
  appName: string
  userName: string
  scopes: string[]
  signOut: { action: string; hidden: Record<string, string | undefined> }
}): string {
  const items = input.scopes
    .map((s) => `<li>${escapeHtml(describeScope(s))} <code>(${escapeHtml(s)})</code></li>`)
    .join('')
  return layout(
    'Amazon: allow access',
    `<div class="box"><h1>${escapeHtml(input.appName)} would like to access:</h1>
${signedInAs(input.userName, input.signOut)}
<ul id="scopes">${items}</ul>
<form method="post" action="${escapeHtml(input.action)}">${hiddenInputs(input.hidden)}
<button type="submit" name="decision" value="allow" id="consent-allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary" id="consent-cancel">Cancel</button>
</form></div>`,
  )
}
