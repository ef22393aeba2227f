// The page frame of every sample: one header (skip link, brand, navigation) and, for the
// server-rendered samples, the whole document with the shared stylesheet inline.
import { STYLESHEET } from './styles.js'

/** Escapes text for HTML (element content and quoted attributes). @param {unknown} value */
export function esc(value) {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )
}

/** The header of every page. @param {string} demo e.g. `Express` */
export function siteHeader(demo) {
  return `<a class="skip" href="#main">Skip to content</a>
<header class="site"><div class="site-inner"><a class="brand" href="/">lwa-kit <span aria-hidden="true">·</span> ${esc(demo)} sample</a>
<nav aria-label="Main"><a href="/">Home</a><a href="/device">Link a device</a><a href="/#api">API</a></nav></div></header>`
}

/** The page title as every sample writes it. @param {string} title @param {string} demo */
export function pageTitle(title, demo) {
  return `${title} · lwa-kit ${demo} sample`
}

/**
 * A whole HTML page in the shared frame.
 * @param {{ demo: string, title: string, body: string }} page
 */
export function htmlPage({ demo, title, body }) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(pageTitle(title, demo))}</title>
<style>${STYLESHEET}</style></head>
<body>${siteHeader(demo)}
<main id="main">
${body}
</main></body></html>`
}
