/**
 * `@lwa-kit/emulator`: a faithful local Login with Amazon (LWA) server for tests and demos.
 *
 * @example
 * ```ts
 * import { DEMO, startEmulator } from '@lwa-kit/emulator'
 * const emulator = await startEmulator()
 * console.log(emulator.endpoints.tokenEndpoint, DEMO.webClientId)
 * await emulator.close()
 * ```
 *
 * @module
 */
export { type EmulatorCommandIo, runEmulatorCommand } from './cli.js'
export { parseConfig } from './config.js'
export { DEMO, demoConfig } from './demo-config.js'
export { type StartEmulatorOptions, startEmulator } from './emulator.js'
export { emulatorEndpoints } from './endpoints.js'
export { EmulatorControlError } from './errors.js'
export type {
  AuthorizeParams,
  ClientType,
  Emulator,
  EmulatorClient,
  EmulatorClock,
  EmulatorConfig,
  EmulatorEndpoints,
  EmulatorOptions,
  EmulatorUser,
  Fault,
  FaultEndpoint,
  LandingLink,
  Region,
  RequestLogEntry,
  SecurityProfile,
} from './types.js'
