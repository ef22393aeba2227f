// The cards every sample shows, with the same words everywhere; failures in the words of core's
// error table (describeError / failureOf). Every value from outside goes through `esc`.
import { failureOf, WebErrorCode } from '@lwa-kit/core'
import { esc } from './frame.js'

import { SIGN_IN_LABEL } from './words.js'

export { SIGN_IN_LABEL }

/**
 * The sign-in control: a link (GET starts the sign-in) or a form (POST starts it).
 * @param {{ href: string } | { action: string }} target
 */
export function signInControl(target) {
  if ('href' in target)
    return `<a class="button" id="sign-in" href="${esc(target.href)}">${SIGN_IN_LABEL}</a>`
  return `<form class="inline" method="post" action="${esc(target.action)}"><button class="button" id="sign-in" type="submit">${SIGN_IN_LABEL}</button></form>`
}

/** A card around `inner`, with `control` (HTML) and a Home link in its actions row. */
function card(inner, control, home = false) {
  const actions =
    control || home
      ? `<div class="actions">${control}${home ? ' <a href="/">Home</a>' : ''}</div>`
      : ''
  return `<section class="card"><div>${inner}</div>${actions}</section>`
}

/** The signed-out card's text (Next renders its own sign-in button after it). */
export function signInIntro() {
  return `<h1>Sign in with Amazon</h1>
<p>Sign in to see your Amazon profile, your Amazon Music profile and your playlists.</p>`
}

/** @param {string} control from {@link signInControl} */
export function signInCard(control) {
  return card(signInIntro(), control)
}

/**
 * A failure's text: cancel on Amazon's page, a sign-in that failed, a revoked grant.
 * @param {import('@lwa-kit/core').WebFailure} failure
 */
export function failureIntro(failure) {
  const revoked = failure.code === WebErrorCode.ReauthorizationRequired
  return `<h1>${revoked ? 'Sign in again' : 'Sign-in did not complete'}</h1>
<p class="notice" role="alert" id="lwa-error-message">${esc(failure.message)}</p>
<p class="muted">Error code: <code id="error-code">${esc(failure.code)}</code></p>`
}

/** @param {import('@lwa-kit/core').WebFailure} failure @param {string} control */
export function failureCard(failure, control) {
  return card(failureIntro(failure), control, true)
}

/** The failure of a code from a redirect (`?error=`), `LWA_INTERNAL` for anything unknown. */
export function failureOfCode(/** @type {string | null | undefined} */ code) {
  const known = Object.values(WebErrorCode).includes(/** @type {never} */ (code))
  return failureOf(
    known ? /** @type {import('@lwa-kit/core').WebErrorCode} */ (code) : WebErrorCode.Internal,
  )
}

/**
 * The signed-in user.
 * @param {{ name?: string | null, email?: string | null, id?: string | null }} user `id`: the Amazon user id
 * @param {string} signOutAction where the sign-out form posts
 */
export function profileCard(user, signOutAction) {
  return `<section class="card" id="profile"><div><h1>Hello, <span id="user-name">${esc(user.name || user.email || 'there')}</span></h1>
<dl class="facts"><dt>Email</dt><dd id="user-email">${esc(user.email || '—')}</dd>
<dt>Amazon user id</dt><dd><code id="user-id">${esc(user.id || '—')}</code></dd></dl></div>
<form class="inline" method="post" action="${esc(signOutAction)}"><button class="button secondary" id="sign-out" type="submit">Sign out</button></form></section>`
}

/** Playlists per page in every sample. */
export const PLAYLIST_PAGE_SIZE = 10

/**
 * Which page of playlists a request asks for: `?after=<cursor>&from=<number of the first>`.
 * @param {URLSearchParams} query
 */
export function playlistPage(query) {
  const after = query.get('after') || undefined
  const from = Number(query.get('from'))
  return {
    cursor: after && after.length <= 512 ? after : undefined,
    from: after && Number.isInteger(from) && from > 0 && from < 1e6 ? from : 1,
  }
}

/**
 * The Amazon Music card: the Music profile and one page of playlists with links to the next and
 * first page, or the failure (core's words).
 * @param {{ me: { id?: string, name?: string }, playlists: { items: Array<{ id?: string, title?: string }>, hasNextPage: boolean, nextCursor?: string }, from: number } | { failure: import('@lwa-kit/core').WebFailure }} music
 */
export function musicCard(music) {
  if ('failure' in music)
    return `<section class="card" id="music"><h2>Amazon Music</h2>
<p class="notice" role="alert" id="music-error">${esc(music.failure.message)} <code>${esc(music.failure.code)}</code></p></section>`
  const { me, playlists, from } = music
  const items = playlists.items.map((p) => `<li>${esc(p.title || p.id)}</li>`).join('')
  const list = items
    ? `<ol class="playlists" id="playlists" start="${from}">${items}</ol>`
    : '<p id="no-playlists">No playlists yet.</p>'
  const next =
    playlists.hasNextPage && playlists.nextCursor
      ? `<a class="button secondary" id="next-page" href="/?after=${encodeURIComponent(playlists.nextCursor)}&amp;from=${from + playlists.items.length}">Next page</a>`
      : ''
  const first = from > 1 ? '<a id="first-page" href="/">First page</a>' : ''
  const last = from + playlists.items.length - 1
  return `<section class="card" id="music"><h2>Amazon Music</h2>
<p>Amazon Music profile: <strong id="music-name">${esc(me.name || me.id)}</strong></p>
<h3>Your playlists${items ? ` <span class="muted" id="playlist-range">(${from}–${last})</span>` : ''}</h3>
${list}${next || first ? `<nav class="pager" aria-label="Playlist pages">${first}${next}</nav>` : ''}</section>`
}

/**
 * How to call the sample's bearer API, and how to get a token for it.
 * @param {{ appUrl: string, clientId: string, emulatorUrl?: string }} app
 */
export function apiCard({ appUrl, clientId, emulatorUrl }) {
  const endpoint = emulatorUrl ? ` --endpoint ${emulatorUrl}` : ''
  return `<section class="card" id="api"><h2>API for apps with their own token</h2>
<p><code>GET /api/me</code> with <code>Authorization: Bearer &lt;token&gt;</code> answers, as JSON,
whose token it is: <code>{ "userId", "clientId", "expiresAt" }</code> (<code>expiresAt</code> an ISO time).
Only tokens issued to this app's client id pass; any other answer is <code>{ "error", "message" }</code>.</p>
<p>Get a token for this app's client id with lwa-kit's CLI (it links like a device), then call the API:</p>
<pre><code>npx lwa login${esc(endpoint)} --client-id ${esc(clientId)} --out web.json
curl -H "Authorization: Bearer $(npx lwa token --file web.json)" ${esc(appUrl)}/api/me</code></pre>
${emulatorUrl ? '<p class="muted">On the emulator, sign in as <code>alice@example.com</code> / <code>alice-password</code> on the page it prints.</p>' : '<p class="muted">With Amazon, your client id must be allowed to link devices, or use a token your own app (the Login with Amazon SDK) got for it.</p>'}</section>`
}
