// The adapter contract's sign-in cases (tools/testing/sign-in-contract.mjs) through lwaAuth on
// Express 5 and Express 4.
import express5 from 'express'
import express4 from 'express4'
import { runSignInContract } from '../../../tools/testing/sign-in-contract.mjs'
import { lwaAuth } from '../src/index.js'
import { listen } from './support.js'

for (const [label, express] of [
  ['Express 5', express5],
  ['Express 4', express4],
] as const) {
  runSignInContract({
    name: `lwaAuth on ${label}`,
    login: '/auth/amazon/login',
    callback: '/auth/amazon/callback',
    start: (env) =>
      listen((url) => {
        env.allowReturnUrl(`${url}${env.callbackPath}`)
        const app = express()
        app.use(
          lwaAuth({
            clientId: env.clientId,
            clientSecret: env.clientSecret,
            endpoints: env.endpoints,
            redirectUri: `${url}${env.callbackPath}`,
            secret: env.secret,
            timeoutMs: env.timeoutMs,
            device: false,
          }),
        )
        return app
      }),
  })
}
