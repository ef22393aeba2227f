// One app of the routes bench: Express 5 + Passport's AmazonTokenStrategy on /protected, the same
// handler bare on /bare, and behind a Passport strategy that does nothing on /noop (a reference:
// Passport's own cost per request, which no strategy can go below). argv: <emulator url>. Prints
// its URL.
import { createServer } from 'node:http'
import { DEMO } from '@lwa-kit/emulator'
import { emulatorEndpoints } from '@lwa-kit/emulator/endpoints'
import { AmazonTokenStrategy } from '@lwa-kit/passport'
import express from 'express'
import passport from 'passport'

const endpoints = emulatorEndpoints(process.argv[2])
passport.use(new AmazonTokenStrategy({ clientID: DEMO.webClientId, endpoints }))
// The reference: accepts every request with a user of its own, as a cached token is accepted.
class NoopStrategy extends passport.Strategy {
  name = 'noop'
  authenticate() {
    this.success({ id: 'noop' })
  }
}
passport.use(new NoopStrategy())
const payload = { ok: true, items: [1, 2, 3] }
const app = express()
app.use(passport.initialize())
app.get('/bare', (_req, res) => res.json(payload))
app.get('/protected', passport.authenticate('amazon-token', { session: false }), (_req, res) =>
  res.json(payload),
)
app.get('/noop', passport.authenticate('noop', { session: false }), (_req, res) =>
  res.json(payload),
)
const server = createServer(app)
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`))
process.on('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
