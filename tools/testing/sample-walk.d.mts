import type { Emulator } from '@lwa-kit/emulator'

/** The steps of the walk, in order (`device-unavailable` replaces the device steps without it). */
export declare const WALK_STEPS: readonly string[]

/**
 * Walks a sample app in Chromium against `emulator`: every state asserted by its visible text
 * and saved as `NN-<step>.png` in `outDir` (emptied first). Resolves to the screenshots' paths.
 */
export declare function walkSample(sample: {
  appUrl: string
  emulator: Emulator
  /** The app's OAuth callback path, e.g. `/auth/amazon/callback`. */
  callbackPath: string
  /** Whether the sample's adapter links devices. */
  device: boolean
  outDir: string
}): Promise<string[]>
