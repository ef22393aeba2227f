// `npm start`'s port handling: one line naming a busy port and its setting, nothing started, no
// URL printed for it.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { checkPort, portSetting, StartError } from '../ports.mjs'

const startScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'start.mjs')

async function occupy() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  return { server, port: server.address().port, close: () => new Promise((r) => server.close(r)) }
}

/** Free ports for every setting, so the defaults (maybe in use on this machine) are never probed. */
async function freePorts(names) {
  const held = await Promise.all(names.map(() => occupy()))
  const env = Object.fromEntries(names.map((name, i) => [name, String(held[i].port)]))
  await Promise.all(held.map((h) => h.close()))
  return env
}

function run(env) {
  const child = spawn(process.execPath, [startScript], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    stdout += d
  })
  child.stderr.on('data', (d) => {
    stderr += d
  })
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })))
}

const settings = [
  'LWA_EMULATOR_PORT',
  'EXPRESS_DEMO_PORT',
  'NEST_DEMO_PORT',
  'NEXT_DEMO_PORT',
  'BETTER_AUTH_DEMO_PORT',
]

test('checkPort names a busy port and its setting; a free port passes', async () => {
  const busy = await occupy()
  try {
    const want = {
      port: busy.port,
      host: '127.0.0.1',
      title: 'Express sample',
      setting: 'EXPRESS_DEMO_PORT',
    }
    assert.equal(
      await checkPort(want),
      `Port ${busy.port} (Express sample) is in use: set EXPRESS_DEMO_PORT to a free port, or stop what uses it.`,
    )
  } finally {
    await busy.close()
  }
  const free = await freePorts(['X'])
  assert.equal(
    await checkPort({ port: Number(free.X), host: '127.0.0.1', title: 't', setting: 'X' }),
    undefined,
  )
})

test('portSetting reads the setting, else the default, and refuses what is not a port', () => {
  assert.equal(portSetting({}, 'NEST_DEMO_PORT', 3001), 3001)
  assert.equal(portSetting({ NEST_DEMO_PORT: '4001' }, 'NEST_DEMO_PORT', 3001), 4001)
  assert.throws(() => portSetting({ NEST_DEMO_PORT: 'abc' }, 'NEST_DEMO_PORT', 3001), StartError)
  assert.throws(
    () => portSetting({ NEST_DEMO_PORT: '70000' }, 'NEST_DEMO_PORT', 3001),
    /NEST_DEMO_PORT=70000 is not a port/,
  )
})

for (const setting of ['EXPRESS_DEMO_PORT', 'LWA_EMULATOR_PORT']) {
  test(`npm start with ${setting} busy: one line, exit 1, nothing started`, async () => {
    const env = await freePorts(settings)
    const busy = await occupy()
    try {
      const { code, stdout, stderr } = await run({ ...env, [setting]: String(busy.port) })
      assert.equal(code, 1)
      assert.match(
        stderr.trim(),
        new RegExp(
          `^Port ${busy.port} \\(.+\\) is in use: set ${setting} to a free port, or stop what uses it\\.$`,
        ),
      )
      assert.doesNotMatch(stderr, /EADDRINUSE|\n\s+at /)
      assert.equal(stdout, '')
    } finally {
      await busy.close()
    }
  })
}

test('npm start refuses one port set for two apps', async () => {
  const env = await freePorts(settings)
  const { code, stderr } = await run({ ...env, NEST_DEMO_PORT: env.EXPRESS_DEMO_PORT })
  assert.equal(code, 1)
  assert.equal(
    stderr.trim(),
    `Port ${env.EXPRESS_DEMO_PORT} is set for both Express sample and NestJS sample: change NEST_DEMO_PORT.`,
  )
})
