import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CookieJar } from '../../../tools/testing/http.mjs'

export { CookieJar } from '../../../tools/testing/http.mjs'

/** Fetches without following redirects, sending and storing the jar's cookies. */
export async function request(
  jar: CookieJar,
  url: string,
  init: { method?: string; form?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = {}
  let body: string | undefined
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = new URLSearchParams(init.form).toString()
  }
  return jar.fetch(url, {
    method: init.method ?? (body ? 'POST' : 'GET'),
    headers,
    ...(body ? { body } : {}),
  })
}

/** Starts a Node http server on 127.0.0.1:0. */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error) => {
      res.statusCode = 500
      res.end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** Reads a request body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** A `fetch` that passes every call through and records the URL and headers it was given. */
export function recordingFetch(): {
  fetch: typeof fetch
  calls: { url: string; method: string; headers: Headers }[]
} {
  const calls: { url: string; method: string; headers: Headers }[] = []
  const recorder: typeof fetch = (input, init) => {
    const req = new Request(input, init)
    calls.push({ url: req.url, method: req.method, headers: new Headers(req.headers) })
    return fetch(input, init)
  }
  return { fetch: recorder, calls }
}
