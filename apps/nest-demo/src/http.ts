/** The few request and response members the demo uses (Express underneath). */
export interface Req {
  headers: Record<string, string | string[] | undefined>
  query: Record<string, unknown>
  user?: unknown
}

export interface Res {
  status(code: number): Res
  setHeader(name: string, value: string | string[]): unknown
  getHeader(name: string): unknown
  redirect(url: string): void
  type(type: string): Res
  send(body: string): void
  json(body: unknown): void
}

/** Parses a `Cookie` header. */
export function cookiesOf(req: Req): Record<string, string> {
  const header = req.headers.cookie
  const out: Record<string, string> = {}
  for (const part of (typeof header === 'string' ? header : '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 1) continue
    const name = part.slice(0, eq).trim()
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim())
    } catch {
      // A cookie that is not valid percent-encoding is not ours.
    }
  }
  return out
}

/** Adds a Set-Cookie header without dropping the ones already set (the state cookie). */
export function appendCookie(res: Res, cookie: string): void {
  const current = res.getHeader('set-cookie')
  const list = Array.isArray(current) ? current : current ? [String(current)] : []
  res.setHeader('set-cookie', [...list, cookie])
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

/** A whole HTML page. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · lwa-kit NestJS demo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#111}
a.button,button{display:inline-block;background:#ff9900;color:#111;border:0;border-radius:4px;padding:.5rem 1rem;text-decoration:none;font:inherit;cursor:pointer}
dt{font-weight:600}.error{background:#fde8e8;border:1px solid #e0b4b4;padding:.75rem;border-radius:4px}
code{background:#f3f3f3;padding:0 .25rem}</style></head>
<body><header><a href="/">lwa-kit NestJS demo</a></header><main>
${body}
</main></body></html>`
}
