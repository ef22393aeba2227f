// `npm start`: the LWA emulator with its demo configuration, and every sample app beside it.
// Run after the packages are built (the root `start` script builds them first through nx).
// Every port is a setting (see the root README); a busy one is said in one line before anything
// starts, and the banner lists only what answers.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEMO, demoConfig, startEmulator } from '@lwa-kit/emulator'
import { checkPort, portSetting, StartError, waitForPort } from './ports.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** The sample apps, in the order they appear on the landing page. */
const apps = [
  {
    dir: 'apps/express-demo',
    title: 'Express sample',
    setting: 'EXPRESS_DEMO_PORT',
    port: 3000,
    callback: '/auth/amazon/callback',
    description:
      'lwaAuth and requireLwaToken of @lwa-kit/express: sign in, profile, Amazon Music with paging, bearer API, device linking.',
  },
  {
    dir: 'apps/nest-demo',
    title: 'NestJS sample',
    setting: 'NEST_DEMO_PORT',
    port: 3001,
    callback: '/auth/amazon/callback',
    description:
      'LwaModule, guards, sessions and services: sign in, profile, Amazon Music with paging, bearer API, device linking.',
  },
  {
    dir: 'apps/next-demo',
    title: 'Next.js sample',
    setting: 'NEXT_DEMO_PORT',
    port: 3002,
    callback: '/api/auth/callback/amazon',
    description:
      'next-auth v4 with the Amazon provider and one refresh policy: sign in, profile, Amazon Music with paging, bearer API (no device linking: next-auth has no device flow).',
  },
  {
    dir: 'apps/better-auth-demo',
    title: 'Better Auth sample',
    setting: 'BETTER_AUTH_DEMO_PORT',
    port: 3003,
    callback: '/api/auth/callback/amazon',
    description:
      'Better Auth with @lwa-kit/better-auth: sign in, profile, Amazon Music with paging, bearer API, device linking.',
  },
]

function hasStartScript(dir) {
  const file = join(root, dir, 'package.json')
  if (!existsSync(file)) return false
  return Boolean(JSON.parse(readFileSync(file, 'utf8')).scripts?.start)
}

let host
let port
let runnable
try {
  host = process.env.LWA_EMULATOR_HOST || '127.0.0.1'
  port = portSetting(process.env, 'LWA_EMULATOR_PORT', 4100)
  runnable = apps
    .filter((app) => hasStartScript(app.dir))
    .map((app) => ({ ...app, port: portSetting(process.env, app.setting, app.port) }))
  const appHost = process.env.HOST || '127.0.0.1'
  const wanted = [
    { port, host, title: 'LWA emulator', setting: 'LWA_EMULATOR_PORT' },
    ...runnable.map((app) => ({
      port: app.port,
      host: appHost,
      title: app.title,
      setting: app.setting,
    })),
  ]
  const seen = new Map()
  for (const want of wanted) {
    if (seen.has(want.port))
      throw new StartError(
        `Port ${want.port} is set for both ${seen.get(want.port)} and ${want.title}: change ${want.setting}.`,
      )
    seen.set(want.port, want.title)
  }
  const busy = (await Promise.all(wanted.map(checkPort))).filter(Boolean)
  if (busy.length > 0) throw new StartError(busy.join('\n'))
} catch (error) {
  if (!(error instanceof StartError)) throw error
  console.error(error.message)
  process.exit(1)
}

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

let emulator
try {
  emulator = await startEmulator({ port, host, config: demoConfig, options: { links } })
} catch (error) {
  // Taken between the check and now.
  const line = await checkPort({ port, host, title: 'LWA emulator', setting: 'LWA_EMULATOR_PORT' })
  if (!line) throw error
  console.error(line)
  process.exit(1)
}
// Each app's return URL on the port it got (the demo configuration lists the default ports only).
for (const app of runnable) emulator.allowReturnUrl(`http://localhost:${app.port}${app.callback}`)
const children = []
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
  app.child = child
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`${app.title} stopped (${signal ?? `exit ${code}`}).`)
  })
}

// The banner once every app answers (or has stopped): a URL is printed only when it works.
const appHost = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : '127.0.0.1'
const deadline = Date.now() + 120_000
const up = await Promise.all(
  runnable.map((app) =>
    waitForPort(
      appHost,
      app.port,
      () =>
        stopping ||
        Date.now() > deadline ||
        app.child.exitCode !== null ||
        app.child.signalCode !== null,
    ),
  ),
)
if (!stopping) {
  console.log(`\nLogin with Amazon emulator: ${emulator.url}/  (LWA_EMULATOR_PORT=${port})`)
  if (emulator.controlToken)
    console.log(`Control API token (listening beyond loopback): ${emulator.controlToken}`)
  runnable.forEach((app, i) => {
    if (up[i])
      console.log(`${app.title}: http://localhost:${app.port}/  (${app.setting}=${app.port})`)
    else
      console.log(
        `${app.title}: ${app.child.exitCode === null ? 'not answering yet' : 'not running'} (see its messages above)`,
      )
  })
  console.log('Demo users and clients are listed on the emulator page. Ctrl+C stops everything.\n')
}
