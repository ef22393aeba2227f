import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EmulatorContext } from '../context.js'
import type { Controller } from '../controller.js'
import { EmulatorControlError } from '../errors.js'
import { type Fields, field, readFields, sendJson } from '../http-util.js'
import { bearerMatches, crossSiteReason } from '../safety.js'
import type { AuthorizeParams, Fault } from '../types.js'

/** The HTTP control API under `/__emulator/`, JSON in and out. @internal */

type Handler = (c: Controller, body: Fields) => { status?: number; body: unknown }

const ok = { body: { ok: true } }

const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  '/authorize': {
    POST: (c, b) => ({ body: c.authorize(b as AuthorizeParams) }),
  },
  '/device/approve': {
    POST: (c, b) => {
      const input: { userCode: string; userId?: string; decision?: 'allow' | 'deny' } = {
        userCode: field(b, 'user_code') ?? '',
      }
      const userId = field(b, 'user_id')
      if (userId !== undefined) input.userId = userId
      const decision = field(b, 'decision')
      if (decision !== undefined) input.decision = decision as 'allow' | 'deny'
      c.approveDevice(input)
      return ok
    },
  },
  '/clock': {
    GET: (c) => ({ body: c.clock() }),
    POST: (c, b) => {
      c.advanceClock(Number(b.advance_seconds ?? Number.NaN))
      return { body: c.clock() }
    },
  },
  '/faults': {
    POST: (c, b) => {
      c.injectFault(b as unknown as Fault)
      return { status: 201, body: { ok: true } }
    },
    DELETE: (c) => {
      c.clearFaults()
      return ok
    },
  },
  '/revoke': {
    POST: (c, b) => ({
      body: {
        ok: true,
        revoked: c.revoke({
          userId: field(b, 'user_id') ?? '',
          clientId: field(b, 'client_id') ?? '',
        }),
      },
    }),
  },
  '/requests': {
    GET: (c) => ({ body: c.requests() }),
    DELETE: (c) => {
      c.clearRequests()
      return ok
    },
  },
  '/reset': {
    POST: (c) => {
      c.reset()
      return ok
    },
  },
  '/return-urls': {
    POST: (c, b) => {
      c.allowReturnUrl(field(b, 'url') ?? '', field(b, 'profile_id'))
      return ok
    },
  },
}

/** The bearer token (when one is required), then the cross-site rule for writes. */
function refused(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): boolean {
  if (ctx.controlToken !== undefined && !bearerMatches(req, ctx.controlToken)) {
    req.resume()
    sendJson(
      res,
      401,
      {
        error: 'unauthorized',
        error_description:
          'The control API needs Authorization: Bearer <the control token printed at start-up>',
      },
      { 'WWW-Authenticate': 'Bearer realm="lwa-emulator control API"' },
    )
    return true
  }
  const method = req.method ?? 'GET'
  if (method === 'GET' || method === 'HEAD') return false
  const reason = crossSiteReason(req)
  if (reason === undefined) return false
  req.resume()
  sendJson(res, 403, {
    error: 'cross_site_refused',
    error_description: `Control API writes are refused from a web page (${reason}); call it from your test code or a server`,
  })
  return true
}

export async function handleControl(
  ctx: EmulatorContext,
  controller: Controller,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  if (refused(ctx, req, res)) return
  const route = ROUTES[path.slice('/__emulator'.length).replace(/\/+$/, '')]
  if (!route) {
    sendJson(res, 404, { error: 'not_found', error_description: 'Unknown control endpoint' })
    return
  }
  const method = req.method ?? 'GET'
  const handler = route[method]
  if (!handler) {
    sendJson(
      res,
      405,
      { error: 'method_not_allowed', error_description: `Use ${Object.keys(route).join(' or ')}` },
      { Allow: Object.keys(route).join(', ') },
    )
    return
  }
  try {
    const body = method === 'GET' ? {} : await readFields(req)
    const result = handler(controller, body)
    sendJson(res, result.status ?? 200, result.body)
  } catch (error) {
    if (error instanceof EmulatorControlError) {
      sendJson(res, error.status, { error: error.code, error_description: error.message })
      return
    }
    throw error
  }
}
