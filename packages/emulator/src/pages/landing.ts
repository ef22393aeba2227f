import type { ConfigIndex, ResolvedOptions } from '../config.js'
import { emulatorEndpoints } from '../endpoints.js'
import type { Region } from '../types.js'
import { escapeHtml, layout } from './html.js'

/** The landing page (`GET /`): endpoints, users, clients and links. @internal */
export function landingPage(baseUrl: string, index: ConfigIndex, options: ResolvedOptions): string {
  const show = options.showCredentials
  const hidden = '<em>(hidden)</em>'
  const links = options.links
    .map(
      (l) =>
        `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.title)}</a>${l.description ? ` – ${escapeHtml(l.description)}` : ''}</li>`,
    )
    .join('')
  const users = index.config.users
    .map(
      (u) =>
        `<tr><td>${escapeHtml(u.name)}</td><td>${escapeHtml(u.email)}</td><td>${show ? escapeHtml(u.password) : hidden}</td><td><code>${escapeHtml(u.userId)}</code></td><td>${escapeHtml(u.postalCode ?? '')}</td></tr>`,
    )
    .join('')
  const clients = index.config.profiles
    .flatMap((p) =>
      p.clients.map(
        (c) =>
          `<tr><td>${escapeHtml(p.region)}</td><td><code>${escapeHtml(p.id)}</code>${p.musicEnabled ? ' (music)' : ''}</td><td>${escapeHtml(c.type)}</td><td><code>${escapeHtml(c.clientId)}</code></td><td>${c.clientSecret ? (show ? `<code>${escapeHtml(c.clientSecret)}</code>` : hidden) : '–'}</td></tr>`,
      ),
    )
    .join('')
  const regions = (['NA', 'EU', 'FE'] as Region[])
    .map((r) => {
      const e = emulatorEndpoints(baseUrl, r)
      return `<tr><td>${r}</td><td><code>${escapeHtml(e.authorizationEndpoint)}</code></td><td><code>${escapeHtml(e.tokenEndpoint)}</code></td></tr>`
    })
    .join('')
  return layout(
    'LWA emulator',
    `<div class="box"><h1>Login with Amazon emulator</h1><p>A local stand-in for Login with Amazon and a small Amazon Music API stub. Nothing here talks to Amazon.</p>
${links ? `<h2>Apps</h2><ul id="links">${links}</ul>` : ''}</div>
<div class="box"><h2>Users</h2><table id="users"><tr><th>Name</th><th>Email</th><th>Password</th><th>User id</th><th>Postal code</th></tr>${users}</table></div>
<div class="box"><h2>Clients</h2><table id="clients"><tr><th>Region</th><th>Security profile</th><th>Type</th><th>Client id</th><th>Secret</th></tr>${clients}</table></div>
<div class="box"><h2>Endpoints</h2><table><tr><th>Region</th><th>Authorization</th><th>Token</th></tr>${regions}</table>
<p>Device code entry: <a href="${escapeHtml(baseUrl)}/code"><code>${escapeHtml(baseUrl)}/code</code></a>. Control API under <code>/__emulator/</code>.</p></div>`,
  )
}
