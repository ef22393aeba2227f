// Shared set-up of the integration tests: the real emulator over HTTP on 127.0.0.1.
import { DEMO, type Emulator, type Region, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { createLwaClient, type LwaClient, type LwaClientOptions } from '../src/index.js'

export { DEMO }

export const redirectUri = DEMO.returnUrls.expressDemo

/** Starts one emulator for the file and resets it before each test. */
export function useEmulator(): { readonly emulator: Emulator } {
  const holder = {} as { emulator: Emulator }
  beforeAll(async () => {
    holder.emulator = await startEmulator({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    await holder.emulator?.close()
  })
  beforeEach(() => {
    holder.emulator.reset()
    holder.emulator.clearFaults()
    holder.emulator.clearRequests()
  })
  return holder
}

export const regionClients = {
  NA: { clientId: DEMO.webClientId, clientSecret: DEMO.webClientSecret },
  EU: { clientId: DEMO.euWebClientId, clientSecret: DEMO.euWebClientSecret },
  FE: { clientId: DEMO.feWebClientId, clientSecret: DEMO.feWebClientSecret },
} as const

/** A client of the demo web client of a region, on the emulator's endpoints of that region. */
export function webClient(
  emulator: Emulator,
  region: Region = 'NA',
  options: Partial<LwaClientOptions> = {},
): LwaClient {
  return createLwaClient({
    ...regionClients[region],
    region,
    endpoints: emulator.endpointsFor(region),
    ...options,
  })
}

/**
 * Runs the browser part of a web sign-in through the emulator's `/ap/oa` (without a browser):
 * builds the authorization URL with core, lets the user decide, and returns the callback URL.
 */
export async function authorizeInBrowser(
  emulator: Emulator,
  lwa: LwaClient,
  input: {
    scope: string | string[]
    region?: Region
    userId?: string
    decision?: 'allow' | 'deny'
    redirectUri?: string
  },
) {
  const request = await lwa.authorizationUrl({
    scope: input.scope,
    redirectUri: input.redirectUri ?? redirectUri,
  })
  const params = Object.fromEntries(new URL(request.url).searchParams)
  const { location } = emulator.authorize({
    ...params,
    region: input.region ?? 'NA',
    user_id: input.userId ?? DEMO.users.alice.userId,
    decision: input.decision ?? 'allow',
  })
  return { request, callbackUrl: location }
}

/** Counts the emulator's logged requests to an endpoint (optionally of one grant type). */
export function countRequests(emulator: Emulator, endpoint: string, grantType?: string): number {
  return emulator
    .requests()
    .filter(
      (r) => r.endpoint === endpoint && (grantType === undefined || r.grant_type === grantType),
    ).length
}
