import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The repo's shared Chromium launcher (tools/testing/browser.mjs), typed for these tests. */

interface Locator {
  fill(value: string): Promise<void>
  click(): Promise<void>
  textContent(): Promise<string | null>
}
export interface Page {
  goto(url: string): Promise<unknown>
  locator(selector: string): Locator
  waitForURL(url: string | RegExp | ((url: URL) => boolean)): Promise<void>
  url(): string
  content(): Promise<string>
}
export interface Browser {
  page: Page
  close(): Promise<void>
}

export async function launchBrowser(): Promise<Browser> {
  const here = dirname(fileURLToPath(import.meta.url))
  const file = pathToFileURL(resolve(here, '../../../tools/testing/browser.mjs')).href
  const mod = (await import(file)) as { launchBrowser: () => Promise<Browser> }
  return mod.launchBrowser()
}

/** A tiny redirect target on 127.0.0.1:0 that records each query it receives. */
export async function startCallbackServer(): Promise<{
  url: string
  hits: URLSearchParams[]
  close(): Promise<void>
}> {
  const hits: URLSearchParams[] = []
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/callback') hits.push(url.searchParams)
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<!doctype html><title>callback</title><p id="done">callback received</p>')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/callback`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r())
        server.closeAllConnections()
      }),
  }
}
