// `npm start`: the LWA emulator with its demo configuration, and every sample app beside it.
// Run after the packages are built (the root `start` script builds them first through nx).
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEMO, demoConfig, startEmulator } from '@lwa-kit/emulator'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const host = process.env.LWA_EMULATOR_HOST ?? '127.0.0.1'
const port = Number(process.env.LWA_EMULATOR_PORT ?? 4100)

/** The sample apps, in the order they appear on the landing page. */
const apps = [
  {
    dir: 'apps/express-demo',
    title: 'Express sample',
    port: 3000,
    description:
      'Passport + @lwa-kit/express: sign in, profile, Amazon Music, bearer API, device linking.',
  },
  {
    dir: 'apps/nest-demo',
    title: 'NestJS sample',
    port: 3001,
    description:
      'LwaModule, guards and services: sign in, profile, Amazon Music, bearer API, device linking.',
  },
  {
    dir: 'apps/next-demo',
    title: 'Next.js sample',
    port: 3002,
    description:
      'next-auth v4 with the Amazon provider and race-free refresh: sign in, Amazon Music.',
  },
  {
    dir: 'apps/better-auth-demo',
    title: 'Better Auth sample',
    port: 3003,
    callback: 'http://localhost:3003/api/auth/callback/amazon',
    description:
      'Better Auth with @lwa-kit/better-auth: sign in, profile, Amazon Music, bearer API, device linking.',
  },
]

function hasStartScript(dir) {
  const file = join(root, dir, 'package.json')
  if (!existsSync(file)) return false
  return Boolean(JSON.parse(readFileSync(file, 'utf8')).scripts?.start)
}

const runnable = apps.filter((app) => hasStartScript(app.dir))
const links = [
  ...runnable.map((app) => ({
    title: app.title,
    url: `http://localhost:${app.port}/`,
    description: app.description,
  })),
  {
    title: 'Link a device from the terminal',
    url: `http://${host}:${port}/code`,
    description: `Run "npx lwa login --endpoint http://${host}:${port}" (or "npx lwa login --emulator"), then enter the code shown on this page.`,
  },
]

const emulator = await startEmulator({ port, host, config: demoConfig, options: { links } })
// Apps whose return URL the demo configuration does not list yet.
for (const app of runnable) if (app.callback) emulator.allowReturnUrl(app.callback)
const children = []

for (const app of runnable) {
  const child = spawn('npm', ['run', 'start', '--silent', '--prefix', join(root, app.dir)], {
    cwd: join(root, app.dir),
    env: {
      ...process.env,
      PORT: String(app.port),
      LWA_EMULATOR_URL: emulator.url,
      LWA_CLIENT_ID: process.env.LWA_CLIENT_ID ?? DEMO.webClient.clientId,
      LWA_CLIENT_SECRET: process.env.LWA_CLIENT_SECRET ?? DEMO.webClient.clientSecret,
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  })
  children.push(child)
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`${app.title} stopped (${signal ?? `exit ${code}`}).`)
  })
}

console.log(`\nLogin with Amazon emulator: ${emulator.url}/`)
if (emulator.controlToken)
  console.log(`Control API token (listening beyond loopback): ${emulator.controlToken}`)
for (const link of links.slice(0, runnable.length)) console.log(`${link.title}: ${link.url}`)
console.log('Demo users and clients are listed on the emulator page. Ctrl+C stops everything.\n')

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  for (const child of children) {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {}
    }
  }
  await emulator.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
