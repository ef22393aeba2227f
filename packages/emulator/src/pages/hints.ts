import type { ConfigIndex } from '../config.js'
import { REGION_PREFIX } from '../endpoints.js'
import { type Fields, field } from '../http-util.js'
import type { Region, SecurityProfile } from '../types.js'
import { escapeHtml } from './html.js'

/**
 * Emulator-only explanations under Amazon's error page: why the request was refused and how to
 * fix it locally. Amazon's own page text stays as it is above them. @internal
 */

function box(title: string, body: string): string {
  return `<div class="box hint" id="emulator-hint"><h2>${escapeHtml(title)}</h2>${body}</div>`
}

/** A refused `redirect_uri`: the allowed URLs and the three ways to add one. */
export function redirectHint(profile: SecurityProfile, redirectUri: string | undefined): string {
  const urls = profile.allowedReturnUrls ?? []
  const list = urls.length
    ? `<ul id="allowed-return-urls">${urls.map((u) => `<li><code>${escapeHtml(u)}</code></li>`).join('')}</ul>`
    : '<p id="allowed-return-urls"><em>none</em></p>'
  const wanted = redirectUri ?? 'http://localhost:3000/callback'
  const asked =
    redirectUri === undefined
      ? '<p>The request has no <code>redirect_uri</code>.</p>'
      : `<p>The request asked for <code>${escapeHtml(redirectUri)}</code>, which is not an Allowed Return URL of <strong>${escapeHtml(profile.name ?? profile.id)}</strong> (exact match, query string included; https, or http on localhost).</p>`
  return box(
    'Emulator: this redirect URI is not allowed',
    `${asked}<p>Allowed Return URLs of this security profile:</p>${list}
<p>Three ways to add one:</p><ol id="add-return-url">
<li>Start the emulator with <code>lwa-emulator --allow-return-url ${escapeHtml(wanted)}</code> (repeatable).</li>
<li>List it in <code>allowedReturnUrls</code> of the profile in your <code>--config</code> file (<code>lwa-emulator init</code> writes one), or call <code>emulator.allowReturnUrl(url)</code> in code.</li>
<li>At run time: <code>POST /__emulator/return-urls</code> with <code>{"url": "${escapeHtml(wanted)}"}</code>.</li>
</ol>`,
  )
}

/** An unknown `client_id`: missing, too long, not configured, or configured in another region. */
export function unknownClientReason(index: ConfigIndex, region: Region, params: Fields): string {
  const clientId = field(params, 'client_id')
  if (clientId === undefined || clientId === '') return 'The request has no client_id parameter.'
  if (Buffer.byteLength(clientId) > 100) return 'The client_id is longer than 100 bytes.'
  const entry = index.anyClient(clientId)
  if (entry) {
    const at = `${REGION_PREFIX[entry.profile.region]}/ap/oa`
    return `This client belongs to a ${entry.profile.region} security profile, and this is the ${region} authorization endpoint: use ${at} instead.`
  }
  return 'No security profile of this emulator has this client_id. Use one from the emulator landing page or your --config file.'
}

/** The reason box for an unknown client. */
export function unknownClientHint(index: ConfigIndex, region: Region, params: Fields): string {
  return box(
    'Emulator: unknown client',
    `<p id="unknown-client-reason">${escapeHtml(unknownClientReason(index, region, params))}</p>`,
  )
}
