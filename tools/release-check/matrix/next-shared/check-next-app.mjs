// The run of a Next.js consumer of the release check's matrix (next-auth-4, next-auth-5), called by
// each template's check.mjs with the emulator installed in that consumer:
//
// 1. the app's files are the ones packages/next-auth/README.md tells a new user to write;
// 2. the @lwa-kit declarations the app loads type-check with `skipLibCheck: false` under both of
//    its tsconfigs (the whole program cannot: Next 16.4.6, next-auth and @auth/core ship
//    declarations that fail a lib check on their own, see the templates' tsconfig.json);
// 3. `next build` with no LWA_*, AUTH_* or NEXTAUTH_* variable set;
// 4. `next start` on a free 127.0.0.1 port (by PID, with the test clock preloaded), the emulator's
//    return URL added through its control API, a Chromium sign-in, the Music API call of the page;
// 5. the emulator's clock and the app's move past the access token's expiry: the next page view
//    shows the user still signed in with a working token, after exactly one refresh.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { readmeFiles } from './readme-files.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const SECRET_VARIABLE = /^(LWA_|AUTH_|NEXTAUTH_)/
const CLOCK_STEP_SECONDS = 3700

/**
 * @param {object} options
 * @param {string} options.dir the consumer folder
 * @param {string} options.repoRoot
 * @param {string} options.section the README section the app's files come from
 * @param {string[]} options.tsconfigs
 * @param {{ startEmulator: Function, DEMO: any }} options.emulator the consumer's @lwa-kit/emulator
 * @param {(ctx: { appUrl: string, emulatorUrl: string, secret: string }) => Record<string, string>} options.runtimeEnv
 * @param {string} options.sessionCookie the session cookie's name on http
 * @param {string} [options.appHost] the host name the browser uses (default 127.0.0.1; the
 *   server always listens on 127.0.0.1)
 * @returns {Promise<string>} what was proven, for the `consumer ok` line
 */
export async function checkNextApp(options) {
  const { dir, repoRoot, section, emulator: installed, sessionCookie } = options
  const { DEMO } = installed
  const alice = DEMO.users.alice

  const files = readmeFiles(repoRoot, section)
  for (const [path, content] of files)
    assert.equal(read(join(dir, path)), content, `${path} differs from the README ("${section}")`)

  const nextBin = join(dir, 'node_modules', 'next', 'dist', 'bin', 'next')
  const baseEnv = { ...withoutSecrets(process.env), NEXT_TELEMETRY_DISABLED: '1' }
  const building = runToEnd(
    process.execPath,
    ['--require', join(here, 'parent-guard.cjs'), nextBin, 'build'],
    { cwd: dir, env: baseEnv, timeoutMs: 200_000 },
  )
  // While the build runs in its own process.
  const declarations = ownDeclarations(repoRoot, dir, options.tsconfigs)
  const build = await building
  assert.equal(build.code, 0, `next build without LWA/AUTH variables failed:\n${build.output}`)
  assert.match(build.output, /Proxy \(Middleware\)/, `proxy.ts was not built:\n${build.output}`)
  assert.doesNotMatch(build.output, /middleware.{0,40}deprecated/i, build.output)

  const emulator = await installed.startEmulator({ port: 0 })
  let app
  let browser
  try {
    const appUrl = `http://${options.appHost ?? '127.0.0.1'}:${await freePort()}`
    const allowed = await fetch(`${emulator.url}/__emulator/return-urls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${appUrl}/api/auth/callback/amazon` }),
    })
    assert.ok(allowed.ok, `POST /__emulator/return-urls answered ${allowed.status}`)

    const secret = randomBytes(32).toString('hex')
    app = startApp(
      process.execPath,
      [
        '--require',
        join(here, 'clock.cjs'),
        nextBin,
        'start',
        '-p',
        new URL(appUrl).port,
        '-H',
        '127.0.0.1',
      ],
      {
        cwd: dir,
        env: {
          ...baseEnv,
          NODE_ENV: 'production',
          LWA_CLOCK_STEP_SECONDS: String(CLOCK_STEP_SECONDS),
          ...options.runtimeEnv({ appUrl, emulatorUrl: emulator.url, secret }),
        },
      },
    )
    await waitForApp(app, `${appUrl}/api/auth/providers`, 60_000)

    const testing = (file) => pathToFileURL(join(repoRoot, 'tools', 'testing', file)).href
    const { launchBrowser } = await import(testing('browser.mjs'))
    browser = await launchBrowser()
    const { page, context } = browser

    // Not signed in: the page sends the browser to next-auth's sign-in page.
    await page.goto(`${appUrl}/`)
    await page.waitForURL('**/api/auth/signin**')
    await Promise.all([
      page.waitForURL(`${emulator.url}/**`),
      page.getByRole('button', { name: 'Sign in with Amazon' }).click(),
    ])
    await passAmazon(page, alice, appUrl)
    await expectSignedIn(page, alice, app)

    const cookie = async () =>
      (await context.cookies(appUrl)).find((c) => c.name === sessionCookie)?.value
    const before = await cookie()
    assert.ok(before, `no ${sessionCookie} cookie after the sign-in`)

    // An hour and more passes: the access token expired, at the emulator and in the app.
    emulator.clearRequests()
    emulator.advanceClock(CLOCK_STEP_SECONDS)
    await stepAppClock(app)
    await page.reload()
    await expectSignedIn(page, alice, app)
    const refreshes = () =>
      emulator
        .requests()
        .filter((r) => r.grant_type === 'refresh_token')
        .map((r) => r.status)
    assert.deepEqual(refreshes(), [200], 'expected exactly one refresh after the expiry')
    const after = await cookie()
    assert.ok(after && after !== before, 'the proxy did not write the refreshed session cookie')
    // The next view carries the new cookie: no second refresh.
    await page.reload()
    await expectSignedIn(page, alice, app)
    assert.deepEqual(refreshes(), [200], 'a second refresh for the same expiry')
  } finally {
    await browser?.close()
    if (app) await stopApp(app)
    await emulator.close()
  }
  const seconds = (build.ms / 1000).toFixed(1)
  return `${[...files.keys()].length} README files, ${declarations} @lwa-kit declaration files lib-checked, next build without secrets in ${seconds} s, next start + Chromium sign-in, one refresh after expiry`
}

function read(file) {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

function withoutSecrets(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !SECRET_VARIABLE.test(key)))
}

/**
 * Type-checks the @lwa-kit declaration files each tsconfig's program loads, with skipLibCheck off.
 * @returns {number} how many files were checked (in the last program)
 */
function ownDeclarations(repoRoot, dir, tsconfigs) {
  const ts = createRequire(join(repoRoot, 'package.json'))('typescript')
  let checked = 0
  for (const config of tsconfigs) {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      join(dir, config),
      { skipLibCheck: false, incremental: false, noEmit: true },
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic(d) {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'))
        },
      },
    )
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options })
    const ours = program
      .getSourceFiles()
      .filter((f) => f.fileName.includes('/node_modules/@lwa-kit/'))
    assert.ok(
      ours.some((f) => f.fileName.includes('/node_modules/@lwa-kit/next-auth/')),
      `${config}: the program loads no @lwa-kit/next-auth declarations`,
    )
    const problems = ours.flatMap((f) => [
      ...program.getSyntacticDiagnostics(f),
      ...program.getSemanticDiagnostics(f),
    ])
    const text = problems.map((d) => {
      const at = d.file.getLineAndCharacterOfPosition(d.start ?? 0)
      const where = `${d.file.fileName.slice(d.file.fileName.indexOf('node_modules/'))}:${at.line + 1}`
      return `${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`
    })
    assert.equal(problems.length, 0, `${config} with skipLibCheck false:\n${text.join('\n')}`)
    checked = ours.length
  }
  return checked
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * Sends a signal to a child and the workers it started: it runs as the leader of its own process
 * group (`detached`), so the group id is its PID.
 */
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/** Runs a command to its end (its process group ended by PID after `timeoutMs`), with its output. */
function runToEnd(command, args, { cwd, env, timeoutMs }) {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d) => {
      output += d
    })
    child.stderr.on('data', (d) => {
      output += d
    })
    const timer = setTimeout(() => {
      output += `\n[check] ${args.at(-1)} did not end within ${timeoutMs} ms; ending PID ${child.pid}\n`
      signalGroup(child, 'SIGKILL')
    }, timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output, ms: Date.now() - started })
    })
  })
}

/** Starts `next start`; its output is kept for error messages and the clock's acknowledgements. */
function startApp(command, args, { cwd, env }) {
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const app = { child, output: '', exited: new Promise((resolve) => child.once('exit', resolve)) }
  child.stdout.on('data', (d) => {
    app.output += d
  })
  child.stderr.on('data', (d) => {
    app.output += d
  })
  return app
}

async function waitForApp(app, url, ms) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (app.child.exitCode !== null) throw new Error(`next start exited:\n${app.output}`)
    try {
      const response = await fetch(url, { redirect: 'manual' })
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`next start did not answer ${url} within ${ms} ms:\n${app.output}`)
}

/** Ends `next start` (its process group) by PID: SIGTERM, then SIGKILL after 5 s. */
async function stopApp(app) {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return
  signalGroup(app.child, 'SIGTERM')
  const stopped = await Promise.race([
    app.exited.then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), 5000)),
  ])
  if (!stopped) {
    signalGroup(app.child, 'SIGKILL')
    await app.exited
  }
}

/** Moves the app's clock (clock.cjs) and waits for it to say so. */
async function stepAppClock(app) {
  const steps = (app.output.match(/\[clock\] \+/g) ?? []).length
  process.kill(app.child.pid, 'SIGUSR2')
  const until = Date.now() + 5000
  while ((app.output.match(/\[clock\] \+/g) ?? []).length === steps) {
    if (Date.now() > until) throw new Error(`the app's clock did not move:\n${app.output}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** The emulator's sign-in and consent pages, as a user goes through them. */
async function passAmazon(page, user, appUrl) {
  await page.waitForLoadState('domcontentloaded')
  if (await page.locator('#ap_email').isVisible()) {
    await page.fill('#ap_email', user.email)
    await page.fill('#ap_password', user.password)
    await Promise.all([page.waitForNavigation(), page.click('#signInSubmit')])
  }
  if (await page.locator('#consent-allow').isVisible())
    await Promise.all([page.waitForURL(`${appUrl}/**`), page.click('#consent-allow')])
  await page.waitForURL(`${appUrl}/`)
}

/** The README's page: the user's name, and the Amazon Music `/v1/me` it read with the token. */
async function expectSignedIn(page, user, app) {
  const context = () => `page ${page.url()}\n${app.output}`
  assert.equal(await page.textContent('main p'), `Signed in as ${user.name}`, context())
  const me = JSON.parse((await page.textContent('main pre')) ?? 'null')
  assert.equal(me?.data?.user?.id, user.userId, `Music /v1/me: ${JSON.stringify(me)}`)
}
