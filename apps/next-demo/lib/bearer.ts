// The bearer check of /api/me: core's createBearerCheck (the adapter, next-auth, has none of its
// own), bound to this app's client id: only tokens issued to it pass.
import { createBearerCheck, createLwaClient } from '@lwa-kit/core'
import { config, endpoints } from './config'

export const bearer = createBearerCheck({
  client: createLwaClient({
    clientId: config.clientId,
    ...(config.clientSecret ? { clientSecret: config.clientSecret } : {}),
    ...(endpoints ? { endpoints } : {}),
    timeoutMs: 5000,
  }),
})
