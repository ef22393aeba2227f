import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO } from '../src/index.js'
import { signIn } from '../src/testing.js'
import { BUILT, type Child, freePort, PACKAGE_DIR, run, waitForBuild } from './run-helpers.js'

// "Done when": a fresh app outside the repo, on a port of its own, signs in against
// `lwa-emulator --allow-return-url …`, with only what the README says.
const readme = readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8')
const appCode = /<!-- own-app -->\n```js\n([\s\S]*?)```\n/.exec(readme)?.[1]
const dir = mkdtempSync(join(tmpdir(), 'lwa-own-app-'))
const children: Child[] = []
afterAll(async () => {
  for (const child of children) await child.stop(true)
  rmSync(dir, { recursive: true, force: true })
})

describe('an app of your own against the lwa-emulator command', () => {
  it('signs in with the README app and --allow-return-url', async () => {
    expect(appCode).toBeDefined()
    writeFileSync(join(dir, 'app.mjs'), appCode!)
    await waitForBuild(BUILT)
    const appPort = await freePort()
    const callback = `http://127.0.0.1:${appPort}/callback`
    const emulator = run(process.execPath, [
      join(PACKAGE_DIR, 'bin/lwa-emulator.js'),
      '--port',
      '0',
      '--allow-return-url',
      callback,
    ])
    children.push(emulator)
    const [, emulatorUrl = ''] = await emulator.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
    await emulator.waitFor(/Stop: Ctrl-C/)
    expect(emulator.output()).toContain(`      ${callback}`)
    expect(emulator.output()).toContain(`${DEMO.users.alice.email} / ${DEMO.users.alice.password}`)

    const app = run(process.execPath, ['app.mjs'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', PORT: String(appPort), LWA_EMULATOR_URL: emulatorUrl },
    })
    children.push(app)
    await app.waitFor(/App on http/)
    const home = await fetch(`http://127.0.0.1:${appPort}/`)
    expect(await home.text()).toContain('Sign in with Amazon')

    const login = await fetch(`http://127.0.0.1:${appPort}/login`, { redirect: 'manual' })
    expect(login.status).toBe(302)
    const authorize = login.headers.get('location')!
    expect(authorize.startsWith(`${emulatorUrl}/ap/oa?`)).toBe(true)
    const back = await signIn(authorize) // as the README's demo user Alice
    expect(back.startsWith(`${callback}?code=`)).toBe(true)
    const done = await fetch(back)
    expect(await done.text()).toBe('Signed in as Alice Example')
    expect(done.status).toBe(200)

    // The same app on a port that was not allowed is refused, with the way out on the page.
    const other = new URL(authorize)
    other.searchParams.set('redirect_uri', `http://127.0.0.1:${appPort + 1}/callback`)
    const refused = await fetch(other)
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('--allow-return-url')
  })
})
