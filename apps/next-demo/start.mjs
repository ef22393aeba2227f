// `npm start`: `next start` of the build on $HOST:$PORT (default 127.0.0.1:3002), after the checks
// that make the demo safe by default: no built-in NEXTAUTH_SECRET off the emulator (lib/config.ts has
// the same rule), and a busy port said in one line.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const env = (name) => (process.env[name] ? process.env[name] : undefined)
const fail = (message) => {
  console.error(`Next.js demo: ${message}`)
  process.exit(1)
}

// As in lib/config.ts: the emulator unless LWA_CLIENT_ID is set (then Amazon's real endpoints).
const emulatorUrl = env('LWA_EMULATOR_URL') ?? (env('LWA_CLIENT_ID') ? undefined : 'x')
if (!emulatorUrl && !env('NEXTAUTH_SECRET'))
  fail(
    "Set NEXTAUTH_SECRET (a random string of at least 32 characters): this demo's built-in secret is for the emulator only, and without LWA_EMULATOR_URL it runs against Amazon's real endpoints.",
  )

const host = env('HOST') ?? '127.0.0.1'
const port = env('PORT') ?? '3002'
try {
  await new Promise((ok, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(Number(port), host, () => probe.close(() => ok(undefined)))
  })
} catch (error) {
  const code = error.code
  if (code === 'EADDRINUSE' || code === 'EACCES')
    fail(
      `port ${port} is ${code === 'EADDRINUSE' ? 'in use' : 'not allowed'}; set PORT to another one.`,
    )
  throw error
}

const next = resolve(here, '../../node_modules/next/dist/bin/next')
const child = spawn(process.execPath, [next, 'start', '-H', host, '-p', port], {
  cwd: here,
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  stdio: 'inherit',
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
