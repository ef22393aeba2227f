import { createHash, randomBytes } from 'node:crypto'
import { DEMO, type Emulator } from '../src/index.js'

/** Shared helpers for the emulator's tests (real HTTP, no mocks). */

/** The fields the tests read from LWA JSON answers. */
export interface LwaBody {
  access_token: string
  refresh_token?: string
  token_type: string
  expires_in: number
  error: string
  error_description: string
  [key: string]: unknown
}

export const CALLBACK = DEMO.returnUrls.expressDemo

export function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  }
}

export function json(body: unknown, method = 'POST'): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
}

export async function post(url: string, fields: Record<string, string>) {
  const res = await fetch(url, form(fields))
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as LwaBody,
  }
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  return { verifier, challenge }
}

/** Authorizes through the control API and returns the code. */
export function authorizeCode(
  emulator: Emulator,
  extra: Partial<Parameters<Emulator['authorize']>[0]> = {},
): string {
  const { location } = emulator.authorize({
    client_id: DEMO.webClientId,
    response_type: 'code',
    scope: 'profile postal_code',
    redirect_uri: CALLBACK,
    state: 's1',
    user_id: DEMO.users.alice.userId,
    ...extra,
  })
  const code = new URL(location).searchParams.get('code')
  if (!code) throw new Error(`no code in ${location}`)
  return code
}

/** Exchanges a code with the demo web client's secret. */
export async function exchange(
  emulator: Emulator,
  code: string,
  extra: Record<string, string> = {},
) {
  return post(emulator.endpoints.tokenEndpoint, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: CALLBACK,
    client_id: DEMO.webClientId,
    client_secret: DEMO.webClientSecret,
    ...extra,
  })
}
