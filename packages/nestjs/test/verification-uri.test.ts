// LwaDeviceService hands the code pair's verification_uri to a page as a link: only https (or
// http on loopback, for the emulator) is accepted. A hostile LWA stand-in on 127.0.0.1 answers
// the code pair; everything else is the emulator.
import 'reflect-metadata'
import { createServer } from 'node:http'
import { DEMO, startEmulator } from '@lwa-kit/emulator'
import { LwaDeviceService, LwaModule } from '@lwa-kit/nestjs'
import { Test } from '@nestjs/testing'
import { describe, expect, it } from 'vitest'

describe('LwaDeviceService and verification_uri', () => {
  it('refuses a code pair whose verification_uri is not https (502 LWA_MALFORMED_RESPONSE)', async () => {
    const emulator = await startEmulator({ port: 0 })
    const hostile = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json')
      res.end(
        JSON.stringify({
          device_code: 'd'.repeat(36),
          user_code: 'ABC123',
          verification_uri: 'javascript:alert(document.cookie)',
          expires_in: 600,
          interval: 5,
        }),
      )
    })
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve))
    const port = (hostile.address() as { port: number }).port
    const moduleRef = await Test.createTestingModule({
      imports: [
        LwaModule.forRoot({
          clientId: DEMO.webClientId,
          clientSecret: DEMO.webClientSecret,
          endpoints: { ...emulator.endpoints, codePairEndpoint: `http://127.0.0.1:${port}/cp` },
        }),
      ],
    }).compile()
    try {
      const devices = moduleRef.get(LwaDeviceService)
      const failure = await devices.start().then(
        () => undefined,
        (err: unknown) => err as { getStatus(): number; getResponse(): unknown },
      )
      expect(failure?.getStatus()).toBe(502)
      expect(failure?.getResponse()).toMatchObject({ error: 'LWA_MALFORMED_RESPONSE' })
      expect(JSON.stringify(failure?.getResponse())).not.toContain('javascript')
    } finally {
      await moduleRef.close()
      await emulator.close()
      await new Promise((resolve) => hostile.close(resolve))
    }
  })
})
