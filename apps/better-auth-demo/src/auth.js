// Better Auth with Login with Amazon: the memory adapter (no database to install), the Amazon
// provider in genericOAuth, and loginWithAmazon for Amazon Music tokens, the bearer check and
// device linking.
import { amazon, loginWithAmazon } from '@lwa-kit/better-auth'
import { betterAuth } from 'better-auth'
import { memoryAdapter } from 'better-auth/adapters/memory'
import { genericOAuth } from 'better-auth/plugins/generic-oauth'

/** @param {ReturnType<typeof import('./config.js').loadConfig>} config */
export function createAuth(config) {
  const provider = amazon({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(config.endpoints ? { endpoints: config.endpoints } : { region: config.region }),
    scope: ['profile', 'postal_code', 'music::library:read'],
    timeoutMs: config.timeoutMs,
  })
  return betterAuth({
    baseURL: config.appUrl,
    secret: config.secret,
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    telemetry: { enabled: false },
    onAPIError: { errorURL: `${config.appUrl}/sign-in-problem` },
    plugins: [
      genericOAuth({ config: [provider] }),
      loginWithAmazon({
        provider,
        musicApiKey: config.musicApiKey,
        ...(config.deviceClientId
          ? {
              device: {
                clientId: config.deviceClientId,
                scope: ['profile', 'amazon_music:access'],
              },
            }
          : {}),
      }),
    ],
  })
}
