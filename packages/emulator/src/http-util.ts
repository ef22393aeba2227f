import type { IncomingMessage, ServerResponse } from 'node:http'
import { newUuid } from './ids.js'

/** Body parsing (64 KiB limit, form and JSON), responses and cookies. @internal */

export const MAX_BODY_BYTES = 64 * 1024

/** A parsed request body: string fields, plus objects kept as-is from JSON bodies. */
export type Fields = Record<string, unknown>

export class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description)
  }
}

/** Reads the raw body, refusing more than {@link MAX_BODY_BYTES}. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      req.resume()
      reject(new BodyError(413, 'Malformed request : the request body is larger than 64 KiB'))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    req.on('data', (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        done = true
        reject(new BodyError(413, 'Malformed request : the request body is larger than 64 KiB'))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (done) return
      done = true
      resolve(Buffer.concat(chunks))
    })
    req.on('error', () => {
      if (done) return
      done = true
      reject(new BodyError(400, 'Malformed request'))
    })
  })
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
}

/** Whether the body is JSON (where a repeated name cannot be told from the parsed object). */
export function isJsonBody(req: IncomingMessage): boolean {
  const type = mediaType(req)
  return type === 'application/json' || type.endsWith('+json')
}

/** Parses a form (`application/x-www-form-urlencoded`) or JSON body into fields. */
export function parseBody(req: IncomingMessage, body: Buffer): Fields {
  const type = mediaType(req)
  const text = body.toString('utf8')
  if (type === 'application/json' || type.endsWith('+json')) {
    if (text.trim() === '') return {}
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw new BodyError(400, 'Malformed request : the body is not valid JSON')
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new BodyError(400, 'Malformed request : the JSON body must be an object')
    return value as Fields
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    return parseQuery(text)
  }
  throw new BodyError(
    400,
    'Malformed request : Content-Type must be application/x-www-form-urlencoded or application/json',
  )
}

/** Reads and parses a body in one step. */
export async function readFields(req: IncomingMessage): Promise<Fields> {
  return parseBody(req, await readBody(req))
}

/** Parses a query string; the first value of a repeated name wins. Never throws. */
export function parseQuery(text: string): Fields {
  const fields: Fields = {}
  for (const [key, value] of new URLSearchParams(text)) {
    if (!(key in fields)) fields[key] = value
  }
  return fields
}

/** A field as a string: numbers and booleans from JSON are stringified, objects are not. */
export function field(fields: Fields, name: string): string | undefined {
  const value = Object.hasOwn(fields, name) ? fields[name] : undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

/** Splits `req.url` into a path and query fields without ever throwing. */
export function splitUrl(rawUrl: string | undefined): { path: string; query: Fields } {
  const url = rawUrl ?? '/'
  const q = url.indexOf('?')
  const path = q === -1 ? url : url.slice(0, q)
  return { path: path === '' ? '/' : path, query: q === -1 ? {} : parseQuery(url.slice(q + 1)) }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': newUuid(),
    ...headers,
  })
  res.end(text)
}

/** An LWA error body, fields in the order Amazon sends them. */
export function sendLwaError(
  res: ServerResponse,
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error_description: description, error }, headers)
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return
  res.writeHead(status, {
    'Content-Type': 'text/html;charset=UTF-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    ...headers,
  })
  res.end(html)
}

export function redirect(
  res: ServerResponse,
  location: string,
  status = 302,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return
  res.writeHead(status, {
    Location: location,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Length': 0,
    ...headers,
  })
  res.end()
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq === -1) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/** Reads HTTP Basic credentials; undefined when absent or malformed. */
export function basicCredentials(
  req: IncomingMessage,
): { id: string; secret: string } | undefined | 'malformed' {
  const header = req.headers.authorization
  if (!header) return undefined
  const match = /^basic\s+(\S+)\s*$/i.exec(header)
  if (!match) return undefined
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon === -1) return 'malformed'
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  }
  return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) }
}

/** Appends parameters to a redirect URI, keeping its own query. */
export function appendParams(uri: string, params: Record<string, string | undefined>): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue
    parts.push(`${key}=${encodeURIComponent(value).replace(/%3A/g, ':')}`)
  }
  if (parts.length === 0) return uri
  const hash = uri.indexOf('#')
  const base = hash === -1 ? uri : uri.slice(0, hash)
  return `${base}${base.includes('?') ? '&' : '?'}${parts.join('&')}`
}
