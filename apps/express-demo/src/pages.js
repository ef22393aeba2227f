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
<title>${esc(title)} · lwa-kit Express demo</title>
<style>
body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#111}
header{display:flex;gap:1rem;align-items:center;border-bottom:1px solid #ddd;padding-bottom:.5rem}
header nav{margin-left:auto;display:flex;gap:1rem}
.card{border:1px solid #ddd;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
button,.button{background:#ff9900;border:0;border-radius:6px;padding:.55rem 1rem;font-size:1rem;cursor:pointer;color:#111;text-decoration:none;display:inline-block}
.error{color:#b00020} code{background:#f4f4f4;padding:0 .25rem} .code{font-size:2rem;letter-spacing:.3rem;font-weight:700}
</style></head><body>
<header><strong>lwa-kit Express demo</strong><nav><a href="/">Home</a><a href="/device">Link a device</a><a href="/api/me">API</a></nav></header>
${body}
</body></html>`
}

export function signedOutPage() {
  return layout(
    'Welcome',
    `<div class="card"><h1>Sign in with Amazon</h1>
<p>Sign in to see your Amazon profile, your Amazon Music profile and your playlists.</p>
<p><a class="button" id="sign-in" href="/auth/amazon/login?returnTo=/">Sign in with Amazon</a></p></div>`,
  )
}

/**
 * @param {import('@lwa-kit/express').LwaUser} user
 * @param {{ me?: Record<string, unknown>, playlists?: { items: Array<Record<string, unknown>> }, error?: string }} music
 */
export function homePage(user, music) {
  const playlists = music.playlists?.items ?? []
  const list = playlists.length
    ? `<ul id="playlists">${playlists.map((p) => `<li>${esc(p.title ?? p.name ?? p.id)}</li>`).join('')}</ul>`
    : '<p>No playlists.</p>'
  const musicBlock = music.error
    ? `<p class="error" id="music-error">${esc(music.error)}</p>`
    : `<p>Amazon Music user: <strong id="music-name">${esc(music.me?.name ?? music.me?.id)}</strong></p>${list}`
  return layout(
    'Your account',
    `<div class="card" id="profile"><h1>Hello, <span id="user-name">${esc(user.name ?? user.id)}</span></h1>
<p>Email: <span id="user-email">${esc(user.email ?? '—')}</span> · Postal code: ${esc(user.postalCode ?? '—')}</p>
<p>Amazon user id: <code>${esc(user.id)}</code> · signed in by ${user.via === 'device' ? 'device linking' : 'browser'}</p>
<form method="post" action="/auth/amazon/logout"><button type="submit" id="sign-out">Sign out</button></form></div>
<div class="card" id="music"><h2>Amazon Music</h2>${musicBlock}</div>`,
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
// The server asks LWA at most once per status request and never before the pair's interval
// (doubled on slow_down): ask again at retryAt.
const later = (body) => Math.max(1000, Date.parse(body.retryAt) - Date.now())
async function poll() {
  const res = await fetch('/auth/amazon/device/status', { headers: { accept: 'application/json' } })
  const body = await res.json()
  if (body.status === 'pending') return setTimeout(poll, later(body))
  if (body.status === 'linked') { $('status').textContent = 'Linked! Signing you in…'; return location.assign('/') }
  $('status').textContent = body.status === 'denied' ? 'Linking was cancelled.' : body.status === 'expired' ? 'The code expired; get a new one.' : (body.message || 'Linking failed; try again.')
}
$('start').addEventListener('click', async () => {
  const res = await fetch('/auth/amazon/device/start', { method: 'POST', headers: { accept: 'application/json' } })
  const body = await res.json()
  if (!res.ok) { $('pair').hidden = false; $('status').textContent = body.message; return }
  $('pair').hidden = false
  $('verification').textContent = body.verificationUri
  $('verification').href = body.verificationUri
  $('user-code').textContent = body.userCode
  setTimeout(poll, later(body))
})
</script>`,
  )
}
