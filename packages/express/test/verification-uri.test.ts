// Device linking shows the code pair's verification_uri as a link: only https (or http on
// loopback, for the emulator) is accepted; anything else is LWA's malformed answer (502). The
// emulator always answers its own code page, so a hostile LWA stand-in on 127.0.0.1 answers the
// code pair here (everything else goes to the emulator).
import { createServer } from 'node:http'
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { lwaAuth } from '../src/index.js'
import { listen } from './support.js'

describe('lwaAuth device linking and verification_uri', () => {
  for (const uri of [
    'javascript:alert(document.cookie)',
    'http://evil.example/code',
    'data:text/html,x',
  ]) {
    it(`refuses a code pair whose verification_uri is ${uri.split(':')[0]}:… (502, never shown)`, async () => {
      const emulator = await startEmulator({ port: 0 })
      const hostile = createServer((_req, res) => {
        res.setHeader('content-type', 'application/json')
        res.end(
          JSON.stringify({
            device_code: 'd'.repeat(36),
            user_code: 'ABC123',
            verification_uri: uri,
            expires_in: 600,
            interval: 5,
          }),
        )
      })
      await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve))
      const port = (hostile.address() as { port: number }).port
      const endpoints = {
        ...emulator.endpoints,
        codePairEndpoint: `http://127.0.0.1:${port}/codepair`,
      }
      const app = await listen((url) => {
        const server = express()
        server.use(
          lwaAuth({
            clientId: DEMO.webClientId,
            clientSecret: DEMO.webClientSecret,
            endpoints,
            redirectUri: `${url}/auth/amazon/callback`,
            secret: 'a-test-secret-of-at-least-32-characters!',
            device: {},
          }),
        )
        return server
      })
      try {
        const res = await fetch(`${app.url}/auth/amazon/device/start`, {
          method: 'POST',
          headers: { origin: app.url, accept: 'application/json' },
        })
        const body = await res.text()
        expect(res.status).toBe(502)
        expect(JSON.parse(body)).toMatchObject({ error: 'LWA_MALFORMED_RESPONSE' })
        expect(body).not.toContain(uri.slice(0, 12))
        expect(res.headers.getSetCookie().some((c) => c.startsWith('lwa_device=v1'))).toBe(false)
      } finally {
        await app.close()
        await emulator.close()
        await new Promise((resolve) => hostile.close(resolve))
      }
    })
  }
})
