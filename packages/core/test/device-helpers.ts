// Shared set-up for the device flow tests: an emulator and a client on one virtual clock, and a
// poll timing that moves that clock instead of waiting (optionally also waiting a scaled-down real
// time, for the emulator's wall-clock slow_down check).
import { DEMO, type Emulator, type EmulatorOptions, startEmulator } from '@lwa-kit/emulator'
import { type ClientContext, createClientContext } from '../src/client-context.js'
import type { DeviceTiming } from '../src/code-pair.js'
import { sleep } from '../src/lib/http.js'

export interface VirtualSetup {
  emulator: Emulator
  ctx: ClientContext
  timing: DeviceTiming
  /** Every wait polling asked for, in ms. */
  waits: number[]
  /** The virtual time, epoch ms. */
  now(): number
}

/**
 * Starts an emulator whose clock is a virtual one, and a client context on the same clock.
 * `realScale`: each virtual wait also waits `ms * realScale` real ms (0: none).
 */
export async function virtualSetup(
  options: EmulatorOptions = {},
  realScale = 0,
): Promise<VirtualSetup> {
  let virtual = Date.parse('2030-01-01T00:00:00Z')
  const emulator = await startEmulator({ port: 0, clock: { now: () => virtual }, options })
  const ctx = createClientContext({
    clientId: DEMO.deviceClientId,
    endpoints: emulator.endpoints,
    now: () => virtual,
  })
  const waits: number[] = []
  const timing: DeviceTiming = {
    now: () => virtual,
    async sleep(ms, signal) {
      waits.push(ms)
      await sleep(Math.round(ms * realScale), signal)
      virtual += ms
    },
  }
  return { emulator, ctx, timing, waits, now: () => virtual }
}

/** The device-code polls in the emulator's request log, with their (virtual) times. */
export function polls(emulator: Emulator): { at: number; status: number }[] {
  return emulator
    .requests()
    .filter((r) => r.endpoint === 'token' && r.grant_type === 'device_code')
    .map((r) => ({ at: Date.parse(r.at), status: r.status }))
}
