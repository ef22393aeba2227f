// The adapter contract's device-linking cases (tools/testing/device-contract.mjs) through lwaAuth
// on Express 5 and Express 4.
import express5 from 'express'
import express4 from 'express4'
import { runDeviceContract } from '../../../tools/testing/device-contract.mjs'
import { lwaAuth } from '../src/index.js'
import { listen } from './support.js'

for (const [label, express] of [
  ['Express 5', express5],
  ['Express 4', express4],
] as const) {
  runDeviceContract({
    name: `lwaAuth on ${label}`,
    startPath: '/auth/amazon/device/start',
    statusPath: '/auth/amazon/device/status',
    start: async (env) => ({
      // lwaAuth keeps a sign-in's tokens only under its session's handle.
      tokensByUserId: false,
      ...(await listen((url) => {
        const app = express()
        if (env.answerFirst) app.use(env.answerFirst.middleware)
        app.use(
          lwaAuth({
            clientId: env.clientId,
            clientSecret: env.clientSecret,
            endpoints: env.endpoints,
            redirectUri: `${url}/auth/amazon/callback`,
            secret: env.secret,
            ...(env.store ? { store: env.store } : {}),
            ...(env.device ? { device: {} } : {}),
          }),
        )
        app.get('/me', (req, res) => {
          res.json({ user: req.lwa?.user?.id ?? null })
        })
        return app
      })),
    }),
  })
}
