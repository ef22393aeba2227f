// A fresh Next.js 16 app with next-auth v5 (Auth.js for Next.js: NextAuth(config) with the
// @lwa-kit/next-auth/auth-js provider, auth() in a server component and as the proxy), made of
// packages/next-auth/README.md's files (checked first), against the emulator installed here: next
// build without secrets, next start, a Chromium sign-in and one refresh after expiry
// (tools/release-check/matrix/next-shared/check-next-app.mjs).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { DEMO, startEmulator } from '@lwa-kit/emulator'

const repoRoot = process.env.LWA_REPO_ROOT
const shared = join(repoRoot, 'tools/release-check/matrix/next-shared/check-next-app.mjs')
const { checkNextApp } = await import(pathToFileURL(shared).href)

const proven = await checkNextApp({
  dir: process.cwd(),
  repoRoot,
  section: 'next-auth v5 (Auth.js for Next.js)',
  tsconfigs: ['tsconfig.json', 'tsconfig.node.json'],
  emulator: { startEmulator, DEMO },
  sessionCookie: 'authjs.session-token',
  // Next's request URLs say `localhost` for any loopback address (NextURL), and Auth.js builds its
  // redirects and form actions from them: the browser must use that name (the README says so).
  appHost: 'localhost',
  // What the README says to set at run time: the provider reads AUTH_AMAZON_ID / AUTH_AMAZON_SECRET.
  runtimeEnv: ({ appUrl, emulatorUrl, secret }) => ({
    AUTH_URL: appUrl,
    AUTH_SECRET: secret,
    AUTH_AMAZON_ID: DEMO.webClientId,
    AUTH_AMAZON_SECRET: DEMO.webClientSecret,
    LWA_SECURITY_PROFILE_ID: DEMO.profileId,
    LWA_EMULATOR_URL: emulatorUrl,
  }),
})
const version = (name) =>
  JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')).version
console.log(
  `consumer ok: next ${version('next')}, next-auth ${version('next-auth')}, @auth/core ${version('@auth/core')}, Node ${process.versions.node}: ${proven}`,
)
