// What a bench script hands to the one report (`npm run bench`, tools/bench/report.mjs): rows of
// "ours beside its anchor, measured in the same run", each with its target and whether it holds.
// Run on its own, a bench only prints; under the report (LWA_BENCH_ROWS set) it also appends its
// rows, one JSON line each, to that file.
import { appendFileSync } from 'node:fs'

/**
 * @typedef {object} BenchRow
 * @property {string} group   the area: "login", "routes", "tokens", "redis", "emulator", "core"
 * @property {string} what    the hot path, in words
 * @property {string} ours    our figure, with its unit
 * @property {string} anchor  the anchor's figure and name, with its unit
 * @property {number | null} ratio ours / anchor in the row's own sense (see `sense`), or null
 * @property {string} target  the target, in words (for example "≤ 1.00×" or "1 refresh")
 * @property {boolean} holds  whether the measured figure meets the target
 * @property {boolean} [reference] a reference row (a framework's own floor, not ours): shown,
 *   not counted among the rows that hold
 */

/**
 * Records rows for the report (no-op outside it) and returns them.
 * @param {BenchRow[]} rows
 */
export function recordRows(rows) {
  const file = process.env.LWA_BENCH_ROWS
  if (file) for (const row of rows) appendFileSync(file, `${JSON.stringify(row)}\n`)
  return rows
}

/** A ratio with two decimals and a ×. @param {number} value */
export const times = (value) => `${value.toFixed(2)}×`
