// A fresh Next.js 16 app with next-auth v4, made of packages/next-auth/README.md's files (checked
// first), against the emulator installed here: next build without secrets, next start, a Chromium
// sign-in and one refresh after expiry (tools/release-check/matrix/next-shared/check-next-app.mjs).
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
  section: 'next-auth v4 (App Router)',
  tsconfigs: ['tsconfig.json', 'tsconfig.node.json'],
  emulator: { startEmulator, DEMO },
  sessionCookie: 'next-auth.session-token',
  // What the README says to set at run time.
  runtimeEnv: ({ appUrl, emulatorUrl, secret }) => ({
    NEXTAUTH_URL: appUrl,
    NEXTAUTH_SECRET: secret,
    LWA_CLIENT_ID: DEMO.webClientId,
    LWA_CLIENT_SECRET: DEMO.webClientSecret,
    LWA_SECURITY_PROFILE_ID: DEMO.profileId,
    LWA_EMULATOR_URL: emulatorUrl,
  }),
})
const version = (name) =>
  JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')).version
console.log(
  `consumer ok: next ${version('next')}, next-auth ${version('next-auth')}, Node ${process.versions.node}: ${proven}`,
)
