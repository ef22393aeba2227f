import type { AddressInfo } from 'node:net'
import { ControlledClock } from './clock.js'
import { ConfigIndex, cloneConfig, parseConfig, resolveOptions } from './config.js'
import type { EmulatorContext } from './context.js'
import { Controller } from './controller.js'
import { demoConfig } from './demo-config.js'
import { emulatorEndpoints } from './endpoints.js'
import { EmulatorControlError } from './errors.js'
import { FaultRegistry } from './faults.js'
import { RequestLog } from './request-log.js'
import { hostPolicy, isLoopbackHost, newControlToken } from './safety.js'
import { createEmulatorServer } from './server.js'
import { EmulatorState } from './state.js'
import type { Emulator, EmulatorClock, EmulatorConfig, EmulatorOptions, Region } from './types.js'

/**
 * Options of {@link startEmulator}.
 *
 * @example
 * ```ts
 * const input: StartEmulatorOptions = { port: 4100, options: { rotateRefreshTokens: true } }
 * ```
 */
export interface StartEmulatorOptions {
  /** Port to listen on. Default `0` (a free port). */
  port?: number
  /** Host to listen on. Default `'127.0.0.1'`. */
  host?: string
  /** Security profiles and users. Default {@link demoConfig}. */
  config?: EmulatorConfig
  /** The base clock (epoch ms). Default `Date.now`. `advanceClock` adds to it. */
  clock?: EmulatorClock
  /** Behaviour switches. */
  options?: EmulatorOptions
  /**
   * The bearer token the HTTP control API (`/__emulator/`) requires (`Authorization: Bearer …`).
   * Default: a fresh random one when `host` is not a loopback address, none on loopback. Pass
   * `false` for none at all (only on a network you trust).
   */
  controlToken?: string | false
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

/**
 * Starts a local Login with Amazon server. It listens on 127.0.0.1 on a free port unless told
 * otherwise, and serves NA at the root, EU under `/eu` and FE under `/fe`.
 *
 * @example
 * ```ts
 * import { DEMO, startEmulator } from '@lwa-kit/emulator'
 *
 * const emulator = await startEmulator()
 * emulator.allowReturnUrl('http://127.0.0.1:5555/callback')
 * const { location } = emulator.authorize({
 *   client_id: DEMO.webClientId,
 *   response_type: 'code',
 *   scope: 'profile',
 *   redirect_uri: 'http://127.0.0.1:5555/callback',
 * })
 * const code = new URL(location).searchParams.get('code')
 * await emulator.close()
 * ```
 */
export async function startEmulator(input: StartEmulatorOptions = {}): Promise<Emulator> {
  const isDemo = input.config === undefined || input.config === demoConfig
  const config = cloneConfig(parseConfig(input.config ?? demoConfig))
  const ctx: EmulatorContext = {
    index: new ConfigIndex(config),
    options: resolveOptions(input.options ?? {}, isDemo),
    state: new EmulatorState(),
    clock: new ControlledClock(input.clock),
    faults: new FaultRegistry(),
    log: new RequestLog(),
    baseUrl: '',
    hostPolicy: hostPolicy(input.host ?? '127.0.0.1', input.options?.allowedHosts ?? []),
    controlToken: undefined,
  }
  const controller = new Controller(ctx, () => {})
  const server = createEmulatorServer(ctx, controller)
  const host = input.host ?? '127.0.0.1'
  if (typeof input.controlToken === 'string' && input.controlToken.length < 16)
    throw new EmulatorControlError(
      400,
      'invalid_config',
      'controlToken must be at least 16 characters',
    )
  ctx.controlToken =
    input.controlToken === false
      ? undefined
      : (input.controlToken ?? (isLoopbackHost(host) ? undefined : newControlToken()))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(input.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${urlHost(host)}:${port}`
  ctx.baseUrl = url
  let closed: Promise<void> | undefined
  return {
    url,
    controlToken: ctx.controlToken,
    endpoints: emulatorEndpoints(url, 'NA'),
    endpointsFor: (region: Region) => emulatorEndpoints(url, region),
    authorize: (params) => controller.authorize(params),
    approveDevice: (approval) => controller.approveDevice(approval),
    advanceClock: (seconds) => controller.advanceClock(seconds),
    injectFault: (fault) => controller.injectFault(fault),
    clearFaults: () => controller.clearFaults(),
    revoke: (grant) => {
      controller.revoke(grant)
    },
    requests: () => controller.requests(),
    clearRequests: () => controller.clearRequests(),
    reset: () => controller.reset(),
    allowReturnUrl: (returnUrl, profileId) => controller.allowReturnUrl(returnUrl, profileId),
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closed
    },
  }
}
