// Preloaded into `next start` by the Next consumers' checks (`node --require …/clock.cjs`): the
// app's clock moves with the emulator's, as it would when real time passes. Each SIGUSR2 adds
// LWA_CLOCK_STEP_SECONDS (default 3700) to Date.now and says so on stderr, so the check knows the
// step arrived. Test plumbing only: the app itself is the README's files.
require('./parent-guard.cjs')

const step = Number(process.env.LWA_CLOCK_STEP_SECONDS ?? 3700) * 1000
const realNow = Date.now
let offset = 0
Date.now = () => realNow() + offset
process.on('SIGUSR2', () => {
  offset += step
  process.stderr.write(`[clock] +${offset / 1000} s\n`)
})
