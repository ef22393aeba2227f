// auth.ts
import { emulatorEndpoints } from '@lwa-kit/emulator/endpoints'
import { Amazon, amazonCallbacks } from '@lwa-kit/next-auth/auth-js'
import NextAuth from 'next-auth'

// Amazon's endpoints; with LWA_EMULATOR_URL set (local runs, tests) a local emulator's.
const emulatorUrl = process.env.LWA_EMULATOR_URL
export const endpoints = emulatorUrl ? emulatorEndpoints(emulatorUrl) : undefined

// No clientId or clientSecret: they come from AUTH_AMAZON_ID and AUTH_AMAZON_SECRET, read on the
// first request, so `next build` needs neither.
const amazon = Amazon({
  region: 'NA', // your Security Profile's region: 'NA', 'EU' or 'FE'
  ...(endpoints ? { endpoints } : {}),
  scope: ['profile', 'music::profile:read', 'music::library:read'],
})

// The refresh settings: the jwt callback and your pages share them (one refresh at a time).
export const amazonOptions = { provider: amazon }

export const { handlers, auth, signIn, signOut } = NextAuth({
  providers: [amazon],
  callbacks: amazonCallbacks(amazonOptions),
})
