// Every adapter re-exports core's typed errors, the very same classes: an app can write
// `err instanceof InvalidGrantError` or `err.code === LwaErrorCode.InvalidGrant` with the adapter's
// import alone. A new error class in core that an adapter does not re-export fails here.
import { expect, it } from 'vitest'

/** Core's error exports: every class ending in `Error` that extends LwaError, plus the helpers. */
export function coreErrorNames(core) {
  const names = Object.keys(core).filter(
    (name) =>
      typeof core[name] === 'function' &&
      /Error$/.test(name) &&
      (core[name] === core.LwaError || core[name].prototype instanceof core.LwaError),
  )
  return [...names.sort(), 'isLwaError', 'LwaErrorCode']
}

/** Declares the test: `adapter` exports each of core's errors, identical to core's. */
export function itReExportsCoreErrors(name, adapter, core) {
  it(`${name} re-exports every typed error of @lwa-kit/core, the same objects`, () => {
    const names = coreErrorNames(core)
    expect(names.length).toBeGreaterThan(20)
    const missing = names.filter((n) => adapter[n] !== core[n])
    expect(missing).toEqual([])
    const error = new adapter.InvalidGrantError('refused')
    expect(error).toBeInstanceOf(core.LwaError)
    expect(adapter.isLwaError(error)).toBe(true)
    expect(error.code).toBe(adapter.LwaErrorCode.InvalidGrant)
  })
}
