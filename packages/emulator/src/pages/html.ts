/** HTML helpers: escaping and the page frame. @internal */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

/** Hidden inputs for a form. */
export function hiddenInputs(fields: Record<string, string | undefined>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('')
}

const STYLE = `
body{font-family:Arial,Helvetica,sans-serif;background:#fff;color:#111;margin:0}
header{background:#232f3e;color:#fff;padding:10px 20px;font-weight:bold}
header small{font-weight:normal;color:#ccc;margin-left:8px}
main{max-width:640px;margin:24px auto;padding:0 16px}
.box{border:1px solid #ddd;border-radius:8px;padding:20px 24px;margin-bottom:16px}
h1{font-size:24px;font-weight:normal;margin:0 0 12px}
label{display:block;font-weight:bold;font-size:13px;margin:10px 0 4px}
input[type=text],input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:6px 8px;border:1px solid #a6a6a6;border-radius:3px}
button{background:#ffd814;border:1px solid #fcd200;border-radius:8px;padding:7px 18px;margin:12px 8px 0 0;cursor:pointer}
button.secondary{background:#fff;border-color:#d5d9d9}
.alert{border:1px solid #c40000;border-radius:8px;padding:10px 14px;color:#c40000;margin-bottom:14px}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top;word-break:break-all}
code{font-size:12px}
form.signed-in{margin:0 0 12px}button.link{background:none;border:0;padding:0;margin:0 0 0 4px;color:#0066c0;cursor:pointer;text-decoration:underline}
.hint{background:#f3f8ff;border-color:#8cb4e6}
`

/** "Signed in as X. Not you?": a form that signs out and goes back to the sign-in page. */
export function signedInAs(
  userName: string,
  signOut: { action: string; hidden: Record<string, string | undefined> },
): string {
  return `<form method="post" action="${escapeHtml(signOut.action)}" class="signed-in">Signed in as <strong id="signed-in-user">${escapeHtml(userName)}</strong>. ${hiddenInputs(signOut.hidden)}<button type="submit" class="link" id="switch-account">Not you? Switch account</button></form>`
}

/** The page frame: a header that says this is the local emulator, not Amazon. */
export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="/favicon.ico"><style>${STYLE}</style></head>
<body><header>amazon <small>Login with Amazon emulator (lwa-kit, local only)</small></header>
<main>${body}</main></body></html>`
}
