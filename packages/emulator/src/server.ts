import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { claimedClientId } from './client-auth.js'
import type { EmulatorContext, RequestContext } from './context.js'
import type { Controller } from './controller.js'
import { applyFault } from './fault-response.js'
import { favicon } from './favicon.js'
import {
  BodyError,
  type Fields,
  field,
  isJsonBody,
  parseBody,
  readBody,
  sendHtml,
  sendJson,
  sendLwaError,
  splitUrl,
} from './http-util.js'
import { errorPage } from './pages/error-page.js'
import { landingPage } from './pages/landing.js'
import { repeatedName } from './repeated.js'
import { handleAuthorize, handleConsent, handleSignIn } from './routes/authorize.js'
import { handleCodeConsent, handleCodePage, handleCodeSubmit } from './routes/code-page.js'
import { handleCodePair } from './routes/codepair.js'
import { handleControl } from './routes/control.js'
import { handleMusic } from './routes/music.js'
import { handleProfile } from './routes/profile.js'
import { handleSignOut } from './routes/sign-out.js'
import { handleToken } from './routes/token.js'
import { handleTokenInfo } from './routes/tokeninfo.js'
import { hostAllowed, hostName } from './safety.js'
import type { FaultEndpoint, Region } from './types.js'

/** The HTTP server: regions, routing, faults, the request log, and a guard around every handler. @internal */

type Kind = 'json' | 'html'
interface Route {
  endpoint: string
  method: string
  kind: Kind
  /** Token and code pair read their body before faults, so the log has grant_type and client_id. */
  body?: (ctx: EmulatorContext, rc: RequestContext, fields: Fields) => void
  run?: (ctx: EmulatorContext, rc: RequestContext) => void | Promise<void>
}

const REGION_ROUTES: Record<string, Route> = {
  '/ap/oa': { endpoint: 'authorize', method: 'GET', kind: 'html', run: handleAuthorize },
  '/ap/signin': { endpoint: 'sign-in', method: 'POST', kind: 'html', run: handleSignIn },
  '/ap/consent': { endpoint: 'consent', method: 'POST', kind: 'html', run: handleConsent },
  '/ap/signout': { endpoint: 'sign-out', method: 'POST', kind: 'html', run: handleSignOut },
  '/auth/o2/token': { endpoint: 'token', method: 'POST', kind: 'json', body: handleToken },
  '/auth/o2/create/codepair': {
    endpoint: 'codepair',
    method: 'POST',
    kind: 'json',
    body: handleCodePair,
  },
  '/auth/o2/tokeninfo': {
    endpoint: 'tokeninfo',
    method: 'GET',
    kind: 'json',
    run: handleTokenInfo,
  },
  '/user/profile': { endpoint: 'profile', method: 'GET', kind: 'json', run: handleProfile },
  '/code': { endpoint: 'code-page', method: 'GET', kind: 'html', run: handleCodePage },
  '/code/consent': { endpoint: 'code-page', method: 'POST', kind: 'html', run: handleCodeConsent },
}
const CODE_SUBMIT: Route = {
  endpoint: 'code-page',
  method: 'POST',
  kind: 'html',
  run: handleCodeSubmit,
}
const MUSIC: Route = { endpoint: 'music', method: 'ANY', kind: 'json', run: handleMusic }
const FAULT_ENDPOINTS = new Set<string>([
  'authorize',
  'token',
  'codepair',
  'tokeninfo',
  'profile',
  'music',
])

function splitRegion(path: string): { region: Region; prefix: string; rest: string } {
  for (const [region, prefix] of [
    ['EU', '/eu'],
    ['FE', '/fe'],
  ] as const) {
    if (path === prefix || path.startsWith(`${prefix}/`))
      return { region, prefix, rest: path.slice(prefix.length) || '/' }
  }
  return { region: 'NA', prefix: '', rest: path }
}

function findRoute(region: Region, path: string, method: string): Route | undefined {
  const normal = path.replace(/^\/auth\/O2\//, '/auth/o2/')
  if (normal === '/code' && method === 'POST') return CODE_SUBMIT
  const route = REGION_ROUTES[normal]
  if (route) return route
  if (region === 'NA' && (normal === '/v1' || normal.startsWith('/v1/'))) return MUSIC
  return undefined
}

function methodNotAllowed(rc: RequestContext, route: Route): void {
  const text = `The HTTP method ${rc.req.method ?? ''} is not supported here; use ${route.method}`
  if (route.kind === 'html')
    sendHtml(rc.res, 405, errorPage(405, text, {}), { Allow: route.method })
  else sendLwaError(rc.res, 405, 'invalid_request', text, { Allow: route.method })
}

function sendFailure(
  rc: RequestContext,
  kind: Kind,
  error: unknown,
  serverErrorCode: string,
): void {
  if (rc.res.headersSent) {
    rc.res.destroy()
    return
  }
  const status = error instanceof BodyError ? error.status : 500
  const description = error instanceof BodyError ? error.description : 'Internal Server Error'
  const headers: Record<string, string> = status === 413 ? { Connection: 'close' } : {}
  if (kind === 'html') sendHtml(rc.res, status, errorPage(status, description, {}), headers)
  else
    sendLwaError(
      rc.res,
      status,
      status === 500 ? serverErrorCode : 'invalid_request',
      description,
      headers,
    )
}

const clip = (value: string | undefined, max: number) =>
  value === undefined ? undefined : value.slice(0, max)

async function route(
  ctx: EmulatorContext,
  rc: RequestContext,
  kind: { value: Kind },
): Promise<void> {
  const method = rc.req.method ?? 'GET'
  if (rc.path === '/favicon.ico') {
    rc.logInfo.endpoint = 'favicon'
    const icon = favicon()
    rc.res.writeHead(200, {
      'Content-Type': 'image/x-icon',
      'Content-Length': icon.length,
      'Cache-Control': 'public, max-age=86400',
    })
    rc.res.end(method === 'HEAD' ? undefined : icon)
    return
  }
  if (rc.path === '/' && rc.region === 'NA') {
    rc.logInfo.endpoint = 'landing'
    return sendHtml(rc.res, 200, landingPage(ctx.baseUrl, ctx.index, ctx.options))
  }
  const found = findRoute(rc.region, rc.path, method)
  if (!found) {
    rc.logInfo.endpoint = 'other'
    return sendJson(rc.res, 404, { error_description: 'Not Found', error: 'invalid_request' })
  }
  rc.logInfo.endpoint = found.endpoint
  kind.value = found.kind
  if (found.method !== 'ANY' && method !== found.method) return methodNotAllowed(rc, found)
  let fields: Fields = {}
  let bodyError: unknown
  if (found.body) {
    try {
      const body = await readBody(rc.req)
      fields = parseBody(rc.req, body)
      if (ctx.options.repeatedParameters === 'reject' && !isJsonBody(rc.req))
        rc.repeated = repeatedName(body.toString('utf8'))
    } catch (error) {
      bodyError = error
    }
    rc.logInfo.grant_type = clip(field(fields, 'grant_type'), 64)
    rc.logInfo.client_id = clip(claimedClientId(rc, fields), 100)
  } else if (found.endpoint === 'authorize') {
    rc.logInfo.client_id = clip(field(rc.query, 'client_id'), 100)
    const q = (rc.req.url ?? '').indexOf('?')
    if (ctx.options.repeatedParameters === 'reject' && q !== -1)
      rc.repeated = repeatedName((rc.req.url ?? '').slice(q + 1))
  }
  if (FAULT_ENDPOINTS.has(found.endpoint)) {
    const fault = ctx.faults.take(found.endpoint as FaultEndpoint)
    if (fault && (await applyFault(ctx, rc, fault))) return
  }
  if (bodyError) throw bodyError
  if (found.body) return found.body(ctx, rc, fields)
  await found.run!(ctx, rc)
}

/** Creates the node:http server. */
export function createEmulatorServer(ctx: EmulatorContext, controller: Controller): Server {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!hostAllowed(ctx.hostPolicy, req.headers.host)) {
      req.resume()
      const text = `Blocked request: this emulator does not serve the Host ${JSON.stringify(hostName(req.headers.host ?? '').slice(0, 253))}. Add it with --allow-host <name> (option allowedHosts).\n`
      res.writeHead(403, {
        'Content-Type': 'text/plain;charset=UTF-8',
        'Content-Length': Buffer.byteLength(text),
        'Cache-Control': 'no-store',
      })
      res.end(text)
      return
    }
    const { path: rawPath, query } = splitUrl(req.url)
    if (rawPath === '/__emulator' || rawPath.startsWith('/__emulator/')) {
      handleControl(ctx, controller, req, res, rawPath).catch((error) =>
        sendFailure({ req, res } as RequestContext, 'json', error, ctx.options.serverErrorCode),
      )
      return
    }
    const { region, prefix, rest } = splitRegion(rawPath)
    const rc: RequestContext = {
      req,
      res,
      region,
      prefix,
      path: rest,
      query,
      logInfo: { endpoint: 'other' },
    }
    // Log before the answer leaves, so a client that reads `requests()` right after its response
    // always finds its own request; a connection reset by a fault is logged on close, with status 0.
    let logged = false
    const logOnce = () => {
      if (logged) return
      logged = true
      ctx.log.add({
        method: clip(req.method ?? '', 16)!,
        path: clip(rawPath, 256)!,
        endpoint: rc.logInfo.endpoint,
        region,
        ...(rc.logInfo.grant_type !== undefined && { grant_type: rc.logInfo.grant_type }),
        ...(rc.logInfo.client_id !== undefined && { client_id: rc.logInfo.client_id }),
        status: res.headersSent ? res.statusCode : 0,
        at: new Date(ctx.clock.now()).toISOString(),
      })
    }
    const end = res.end as (...args: unknown[]) => ServerResponse
    res.end = ((...args: unknown[]) => {
      logOnce()
      return end.apply(res, args)
    }) as ServerResponse['end']
    res.on('close', logOnce)
    const kind = { value: 'json' as Kind }
    route(ctx, rc, kind).catch((error) =>
      sendFailure(rc, kind.value, error, ctx.options.serverErrorCode),
    )
  })
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })
  return server
}
