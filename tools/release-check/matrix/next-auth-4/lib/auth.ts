// lib/auth.ts
import { emulatorEndpoints } from '@lwa-kit/emulator/endpoints'
import { Amazon, amazonCallbacks } from '@lwa-kit/next-auth'
import type { AuthOptions } from 'next-auth'

// Amazon's endpoints; with LWA_EMULATOR_URL set (local runs, tests) a local emulator's
// (`npx lwa-emulator`). Drop these two lines if you never use the emulator.
const emulatorUrl = process.env.LWA_EMULATOR_URL
export const endpoints = emulatorUrl ? emulatorEndpoints(emulatorUrl) : undefined

// Read at run time and checked on the first request: `next build` needs none of these variables.
export const amazon = Amazon({
  clientId: process.env.LWA_CLIENT_ID!,
  clientSecret: process.env.LWA_CLIENT_SECRET!,
  region: 'NA', // your Security Profile's region: 'NA', 'EU' or 'FE'
  ...(endpoints ? { endpoints } : {}),
  scope: ['profile', 'music::profile:read', 'music::library:read'],
})

// One object for the whole app (route, pages, proxy), so a grant is refreshed once at a time.
export const amazonOptions = { provider: amazon }
export const amazonRefresh = amazonCallbacks(amazonOptions) // { jwt, session, redirect }

export const authOptions: AuthOptions = {
  providers: [amazon],
  callbacks: amazonRefresh,
}
