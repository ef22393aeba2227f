import { escapeHtml, layout, signedInAs } from './html.js'

/** The code-entry page of the device flow (`verification_uri`). @internal */
export function codeEntryPage(input: {
  action: string
  userName: string
  error?: string
  code?: string
  signOutAction: string
}): string {
  return layout(
    'Amazon: register your device',
    `<div class="box"><h1>Register your device</h1>
${signedInAs(input.userName, { action: input.signOutAction, hidden: { flow: 'code' } })}<p>Enter the code shown on your device.</p>
${input.error ? `<div class="alert" role="alert">${escapeHtml(input.error)}</div>` : ''}
<form method="post" action="${escapeHtml(input.action)}">
<label for="cbl-code">Code</label><input type="text" id="cbl-code" name="user_code" value="${escapeHtml(input.code ?? '')}" autocomplete="off" autocapitalize="characters" required>
<button type="submit" id="cbl-submit">Continue</button></form></div>`,
  )
}

/** The page after a device decision. @internal */
export function deviceResultPage(allowed: boolean, appName: string): string {
  return layout(
    allowed ? 'Success' : 'Access not permitted',
    `<div class="box"><h1 id="device-result">${allowed ? 'Success!' : 'Access not permitted'}</h1>
<p>${
      allowed
        ? `Your device is now registered with ${escapeHtml(appName)}. You can return to it now.`
        : `You did not allow ${escapeHtml(appName)} to access your account.`
    }</p></div>`,
  )
}
