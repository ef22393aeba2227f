// The device-linking card: the page plays the part of a TV or speaker. It asks the sample's start
// route for a code pair, shows the code, asks the status route at the answer's `retryAt` (or every
// 3 s, doubled on slow_down) and, once linked, goes to the profile.
import { failureOf, WebErrorCode } from '@lwa-kit/core'

const INTRO = `<h1>Link a device</h1>
<p>This page plays the part of a TV or speaker: it shows a code, you enter the code on Amazon's page
from your phone or computer, and this browser ends signed in, on your profile.</p>`

/**
 * @param {{ start: string, status: string, statusMethod?: 'GET' | 'POST', done?: string }} routes
 *   `statusMethod` POST sends an empty JSON body (Better Auth's routes).
 */
export function deviceCard(routes) {
  const settings = {
    start: routes.start,
    status: routes.status,
    post: routes.statusMethod === 'POST',
    done: routes.done ?? '/',
    denied: failureOf(WebErrorCode.DeviceAuthorizationDenied).message,
    expired: failureOf(WebErrorCode.CodePairExpired).message,
    failed: failureOf(WebErrorCode.Internal).message,
  }
  const json = JSON.stringify(settings).replace(/</g, '\\u003c')
  return `<section class="card" id="device"><div>${INTRO}</div>
<div class="actions"><button class="button" type="button" id="start-linking">Show a code</button></div>
<div id="pair" hidden><p>Go to <a id="verification" target="_blank" rel="noopener"></a> and enter this code:</p>
<p class="user-code" id="user-code"></p>
<p id="device-status" role="status" aria-live="polite">Waiting for you to enter the code…</p></div></section>
<script>
(() => {
const s = ${json}
const $ = (id) => document.getElementById(id)
const ask = (url) => fetch(url, s.post || url === s.start
  ? { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: '{}' }
  : { headers: { accept: 'application/json' } })
let wait = 3000
const later = (body) => body.retryAt ? Math.max(1000, Date.parse(body.retryAt) - Date.now()) : wait
const say = (text, problem) => { $('device-status').textContent = text; $('device-status').className = problem ? 'notice' : '' }
async function poll() {
  const res = await ask(s.status)
  const body = await res.json().catch(() => ({}))
  if (res.ok && body.status === 'pending') {
    if (body.reason === 'slow_down') wait = Math.min(wait * 2, 60000)
    return setTimeout(poll, later(body))
  }
  if (res.ok && body.status === 'linked') { say('Linked. Signing you in…'); return location.assign(s.done) }
  say(body.status === 'denied' ? s.denied : body.status === 'expired' ? s.expired : body.message || s.failed, true)
}
$('start-linking').addEventListener('click', async () => {
  const res = await ask(s.start)
  const body = await res.json().catch(() => ({}))
  $('pair').hidden = false
  if (!res.ok) return say(body.message || s.failed, true)
  say('Waiting for you to enter the code…')
  $('verification').textContent = body.verificationUri
  $('verification').href = body.verificationUri
  $('user-code').textContent = body.userCode
  setTimeout(poll, later(body))
})
})()
</script>`
}

/** What a sample without device linking shows on /device, saying why. @param {string} reason HTML */
export function deviceUnavailableCard(reason) {
  return `<section class="card" id="device"><div><h1>Link a device</h1>
<p class="notice" id="device-unavailable">This sample cannot link devices: ${reason}</p></div>
<div class="actions"><a href="/">Home</a></div></section>`
}
