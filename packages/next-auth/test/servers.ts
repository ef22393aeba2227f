import { Auth, type AuthConfig } from '@auth/core'
import type { NextApiRequest, NextApiResponse } from 'next'
import NextAuth, { type AuthOptions } from 'next-auth'
import { listen, readBody } from './helpers.js'

/** next-auth v4's pages-router handler in a plain Node server, with the shims Next adds. */
export function mountNextAuthV4(options: AuthOptions, errors: unknown[] = []) {
  return listen(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const match = /^\/api\/auth\/(.*)$/.exec(url.pathname)
    if (!match) {
      res.statusCode = 404
      res.end()
      return
    }
    const raw = await readBody(req)
    const apiReq = req as unknown as NextApiRequest
    Object.assign(apiReq, {
      query: { ...queryOf(url.searchParams), nextauth: match[1]!.split('/') },
      cookies: Object.fromEntries(
        (req.headers.cookie ?? '')
          .split(';')
          .map((c) => c.trim())
          .filter(Boolean)
          .map((c) => [
            c.slice(0, c.indexOf('=')),
            decodeURIComponent(c.slice(c.indexOf('=') + 1)),
          ]),
      ),
      body: raw ? Object.fromEntries(new URLSearchParams(raw)) : {},
    })
    const apiRes = res as unknown as NextApiResponse
    Object.assign(apiRes, {
      status(code: number) {
        res.statusCode = code
        return apiRes
      },
      json(value: unknown) {
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify(value))
      },
      send(value: unknown) {
        if (typeof value === 'object' && value !== null) return apiRes.json(value)
        res.end(value === undefined ? undefined : String(value))
      },
    })
    try {
      await NextAuth(apiReq, apiRes, options)
    } catch (error) {
      errors.push(error)
      throw error
    }
  })
}

/** A query as Next's pages router gives it: a repeated parameter becomes an array. */
function queryOf(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {}
  for (const name of new Set(params.keys())) {
    const all = params.getAll(name)
    query[name] = all.length > 1 ? all : all[0]!
  }
  return query
}

/** Auth.js's `Auth()` behind a real Node http server: Node request → Request, Response → Node. */
export function mountAuthJs(authConfig: AuthConfig) {
  return listen(async (req, res) => {
    const body = await readBody(req)
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(name, value)
    const request = new Request(new URL(req.url ?? '/', `http://${req.headers.host}`), {
      method: req.method ?? 'GET',
      headers,
      ...(body ? { body } : {}),
    })
    const response = await Auth(request, authConfig)
    res.statusCode = response.status
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') res.setHeader(name, value)
    })
    const cookies = response.headers.getSetCookie()
    if (cookies.length > 0) res.setHeader('set-cookie', cookies)
    res.end(Buffer.from(await response.arrayBuffer()))
  })
}
