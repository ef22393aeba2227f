// Preloaded (`node --require`) into the processes the Next consumers' checks start (next build,
// next start): when the check that started one is gone (the release check ends it on a timeout),
// the process ends too, so nothing outlives a run.
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent) process.exit(1)
}, 500).unref()
