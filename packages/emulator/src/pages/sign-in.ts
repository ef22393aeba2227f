import { escapeHtml, hiddenInputs, layout } from './html.js'

/** The sign-in page (email and password of a configured user). @internal */
export function signInPage(input: {
  action: string
  hidden: Record<string, string | undefined>
  error?: string
  email?: string
  appName?: string | undefined
  /** Shown only with the demo configuration (`showCredentials`). */
  demoUsers?: { email: string; password: string }[] | undefined
}): string {
  const demo = input.demoUsers?.length
    ? `<div class="box hint" id="demo-credentials"><h2>Demo users</h2><p>This emulator runs the demo configuration; sign in as:</p><ul>${input.demoUsers
        .map(
          (u) =>
            `<li><code>${escapeHtml(u.email)}</code> / <code>${escapeHtml(u.password)}</code></li>`,
        )
        .join('')}</ul></div>`
    : ''
  return layout(
    'Amazon Sign-In',
    `<div class="box"><h1>Sign in</h1>
${input.appName ? `<p>to continue to <strong>${escapeHtml(input.appName)}</strong></p>` : ''}
${input.error ? `<div class="alert" role="alert">${escapeHtml(input.error)}</div>` : ''}
<form method="post" action="${escapeHtml(input.action)}">${hiddenInputs(input.hidden)}
<label for="ap_email">Email</label><input type="email" id="ap_email" name="email" autocomplete="username" value="${escapeHtml(input.email ?? '')}" required>
<label for="ap_password">Password</label><input type="password" id="ap_password" name="password" autocomplete="current-password" required>
<button type="submit" id="signInSubmit">Sign in</button></form></div>${demo}`,
  )
}
