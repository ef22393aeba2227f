// The demo's HTML, server-rendered. Every value from outside goes through `esc`.

/** @param {unknown} value */
export function esc(value) {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )
}

/** @param {string} title @param {string} body */
export function layout(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · lwa-kit Better Auth demo</title>
<style>
body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#111}
header{display:flex;gap:1rem;align-items:center;border-bottom:1px solid #ddd;padding-bottom:.5rem}
header nav{margin-left:auto;display:flex;gap:1rem}
.card{border:1px solid #ddd;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
button{background:#ff9900;border:0;border-radius:6px;padding:.55rem 1rem;font-size:1rem;cursor:pointer;color:#111}
.error{color:#b00020} code{background:#f4f4f4;padding:0 .25rem} .code{font-size:2rem;letter-spacing:.3rem;font-weight:700}
</style></head><body>
<header><strong>lwa-kit Better Auth demo</strong><nav><a href="/">Home</a><a href="/device">Link a device</a><a href="/api/me">API</a></nav></header>
${body}
</body></html>`
}

const signInForm = `<form method="post" action="/sign-in"><button type="submit" id="sign-in">Sign in with Amazon</button></form>`

export function signedOutPage() {
  return layout(
    'Welcome',
    `<div class="card"><h1>Sign in with Amazon</h1>
<p>Sign in to see your Amazon profile, your Amazon Music profile and your playlists.</p>${signInForm}</div>`,
  )
}

/**
 * @param {{ id: string, name?: string | null, email?: string | null }} user
 * @param {{ me?: Record<string, unknown>, playlists?: { items: Array<Record<string, unknown>> }, error?: string }} music
 */
export function homePage(user, music) {
  const playlists = music.playlists?.items ?? []
  const list = playlists.length
    ? `<ul id="playlists">${playlists.map((p) => `<li>${esc(p.title ?? p.id)}</li>`).join('')}</ul>`
    : '<p>No playlists.</p>'
  const musicBlock = music.error
    ? `<p class="error" id="music-error">${esc(music.error)}</p>${signInForm}`
    : `<p>Amazon Music user: <strong id="music-name">${esc(music.me?.name ?? music.me?.id)}</strong></p>${list}`
  return layout(
    'Your account',
    `<div class="card" id="profile"><h1>Hello, <span id="user-name">${esc(user.name || user.id)}</span></h1>
<p>Email: <span id="user-email">${esc(user.email ?? '—')}</span></p>
<p>Better Auth user id: <code>${esc(user.id)}</code></p>
<form method="post" action="/sign-out"><button type="submit" id="sign-out">Sign out</button></form></div>
<div class="card" id="music"><h2>Amazon Music</h2>${musicBlock}</div>`,
  )
}

/** @param {string | null} code Better Auth's error code from the redirect. */
export function errorPage(code) {
  const message =
    code === 'access_denied'
      ? 'Sign-in was cancelled. Nothing was shared with this app.'
      : `Sign-in did not complete (${code ?? 'unknown error'}).`
  return layout(
    'Sign-in',
    `<div class="card"><h1>Sign in with Amazon</h1><p class="error" id="lwa-error-message">${esc(message)}</p>
<p><a href="/">Sign in again</a></p></div>`,
  )
}

export function devicePage() {
  return layout(
    'Link a device',
    `<div class="card"><h1>Link a device</h1>
<p>Like a TV or speaker would: get a code, enter it on Amazon's page from any other device, and this page signs in.</p>
<p><button id="start">Get a code</button></p>
<div id="pair" hidden><p>Go to <a id="verification" target="_blank" rel="noopener"></a> and enter</p>
<p class="code" id="user-code"></p><p id="status">Waiting for you to enter the code…</p></div></div>
<script>
const $ = (id) => document.getElementById(id)
const post = (path) => fetch('/api/auth/amazon/device/' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
// Every 3 s, like a device would; LWA's slow_down doubles the wait (up to 60 s).
let wait = 3000
async function poll() {
  const body = await (await post('status')).json()
  if (body.status === 'pending') {
    if (body.reason === 'slow_down') wait = Math.min(wait * 2, 60000)
    return setTimeout(poll, wait)
  }
  if (body.status === 'linked') { $('status').textContent = 'Linked! Signing you in…'; return location.assign('/') }
  $('status').textContent = body.status === 'denied' ? 'Linking was cancelled.' : body.status === 'expired' ? 'The code expired; get a new one.' : (body.message || 'Linking failed; try again.')
}
$('start').addEventListener('click', async () => {
  const res = await post('start')
  const body = await res.json()
  $('pair').hidden = false
  if (!res.ok) { $('status').textContent = body.message || 'Could not get a code.'; return }
  $('verification').textContent = body.verificationUri
  $('verification').href = body.verificationUri
  $('user-code').textContent = body.userCode
  setTimeout(poll, 1000)
})
</script>`,
  )
}
