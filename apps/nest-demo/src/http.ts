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
