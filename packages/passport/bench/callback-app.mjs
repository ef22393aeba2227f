// One app of the callback bench, in its own process so its CPU time is measured alone.
// argv: <ours|ours-baseline|passport-amazon|passport-oauth2> <emulator url>. Prints its URL, serves
// GET /__cpu.
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { Session } from 'node:inspector/promises'
import { DEMO } from '@lwa-kit/emulator'
import { emulatorEndpoints } from '@lwa-kit/emulator/endpoints'
import { AmazonStrategy } from '@lwa-kit/passport'
import express from 'express'
import session from 'express-session'
import passport from 'passport'
import PassportAmazon from 'passport-amazon'
import OAuth2Strategy from 'passport-oauth2'

const [kind, emulatorUrl] = process.argv.slice(2)
const endpoints = emulatorEndpoints(emulatorUrl)
const options = {
  clientID: DEMO.webClientId,
  clientSecret: DEMO.webClientSecret,
  callbackURL: '/auth/amazon/callback',
}
const verify = (_accessToken, _refreshToken, profile, done) => done(null, { id: profile.id })

let strategy
if (kind === 'ours') {
  strategy = new AmazonStrategy({ ...options, endpoints }, verify)
} else if (kind === 'ours-baseline') {
  // Another build of @lwa-kit/passport (BENCH_BASELINE, a module path), for a before/after.
  const baseline = await import(process.env.BENCH_BASELINE)
  strategy = new baseline.AmazonStrategy({ ...options, endpoints }, verify)
} else if (kind === 'passport-oauth2') {
  // The generic strategy doing the same work as ours: state and PKCE S256 kept in the session
  // (express-session's memory store, a signed session cookie), code exchange, then the profile.
  class AmazonOAuth2 extends OAuth2Strategy {
    userProfile(accessToken, done) {
      this._oauth2.useAuthorizationHeaderforGET(true)
      this._oauth2.get(endpoints.profileEndpoint, accessToken, (err, body) => {
        if (err)
          return done(new OAuth2Strategy.InternalOAuthError('failed to fetch user profile', err))
        try {
          const json = JSON.parse(body)
          done(null, { provider: 'amazon', id: json.user_id, _raw: body, _json: json })
        } catch (e) {
          done(e)
        }
      })
    }
  }
  strategy = new AmazonOAuth2(
    {
      ...options,
      authorizationURL: endpoints.authorizationEndpoint,
      tokenURL: endpoints.tokenEndpoint,
      scope: 'profile',
      state: true,
      pkce: true,
    },
    verify,
  )
  strategy.name = 'amazon'
} else {
  // passport-amazon with its defaults (no state, no PKCE, scope as given), pointed at the emulator.
  // Its profile URL is hard-coded to api.amazon.com, so userProfile is its own code with the URL
  // swapped (the access token still goes in the query string, as passport-amazon sends it).
  class EmulatedAmazon extends PassportAmazon {
    userProfile(accessToken, done) {
      this._oauth2.get(endpoints.profileEndpoint, accessToken, (err, body) => {
        if (err)
          return done(new OAuth2Strategy.InternalOAuthError('failed to fetch user profile', err))
        try {
          const json = JSON.parse(body)
          done(null, {
            provider: 'amazon',
            id: json.user_id,
            displayName: json.name,
            emails: [{ value: json.email }],
            _raw: body,
            _json: json,
          })
        } catch (e) {
          done(e)
        }
      })
    }
  }
  strategy = new EmulatedAmazon(
    {
      ...options,
      authorizationURL: endpoints.authorizationEndpoint,
      tokenURL: endpoints.tokenEndpoint,
      scope: 'profile',
    },
    verify,
  )
}
passport.use(strategy)

const app = express()
if (kind === 'passport-oauth2')
  app.use(
    session({ secret: 'bench-session-secret-0123456789', resave: false, saveUninitialized: false }),
  )
app.use(passport.initialize())
app.get('/auth/amazon', passport.authenticate('amazon', { session: false }))
app.get('/auth/amazon/callback', passport.authenticate('amazon', { session: false }), (req, res) =>
  res.json(req.user),
)
app.get('/__cpu', (_req, res) => res.json(process.cpuUsage()))
// With BENCH_PROFILE_PHASES=<folder>, the driver profiles the measured callbacks only (not the
// sign-ins that prepare them): POST /__profile starts, DELETE /__profile writes the profile.
const phases = process.env.BENCH_PROFILE_PHASES
let inspector
if (phases) {
  app.post('/__profile', async (_req, res) => {
    inspector = new Session()
    inspector.connect()
    await inspector.post('Profiler.enable')
    await inspector.post('Profiler.setSamplingInterval', { interval: 100 })
    await inspector.post('Profiler.start')
    res.end()
  })
  app.delete('/__profile', async (_req, res) => {
    const { profile } = await inspector.post('Profiler.stop')
    writeFileSync(`${phases}/${kind}.${Date.now()}.cpuprofile`, JSON.stringify(profile))
    inspector.disconnect()
    res.end()
  })
}
const server = createServer(app)
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
