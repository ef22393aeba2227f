/** Core's error exports: the LwaError classes, `isLwaError` and `LwaErrorCode`. */
export declare function coreErrorNames(core: Record<string, unknown>): string[]
/** Declares a test that `adapter` re-exports each of core's errors, identical to core's. */
export declare function itReExportsCoreErrors(
  name: string,
  adapter: Record<string, unknown>,
  core: Record<string, unknown>,
): void
