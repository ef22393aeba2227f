// The demo follows the emulator's clock, so a test (or you, with `POST /__emulator/clock`) can move
// time past the access token's expiry and watch the app refresh. Against Amazon it is Date.now.
import { config } from './config'

let offsetMs = 0

/** The app's clock: real time plus the emulator's offset. */
export const now = (): number => Date.now() + offsetMs

/** Reads the emulator's clock offset (a loopback call); keeps the last one when it fails. */
export async function syncClock(): Promise<void> {
  if (!config.emulatorUrl) return
  try {
    const response = await fetch(`${config.emulatorUrl.replace(/\/+$/, '')}/__emulator/clock`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(1000),
    })
    if (!response.ok) return
    const body = (await response.json()) as { offset_seconds?: unknown }
    if (typeof body.offset_seconds === 'number') offsetMs = body.offset_seconds * 1000
  } catch {
    // The emulator is down: keep the last offset.
  }
}
