// LwaSessionService.signIn when the app has already answered (a request-timeout middleware that
// answers first, tools/testing/adapter-contract.mjs): nothing is written to the finished response,
// and no session is started whose cookie could never reach the browser.
import 'reflect-metadata'
import { MemoryTokenStore } from '@lwa-kit/core'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { LwaAuthGuard, LwaModule, LwaSessionService, type LwaUser } from '@lwa-kit/nestjs'
import {
  Controller,
  Get,
  type INestApplication,
  Inject,
  Module,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common'
import { Test } from '@nestjs/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ANSWER_FIRST_MS, answerFirst } from '../../../tools/testing/adapter-contract.mjs'
import { authorizeAt, Browser } from './helpers.js'

type Request = Parameters<LwaSessionService['signIn']>[0]
type Response = Parameters<LwaSessionService['signIn']>[1] & {
  redirect(status: number, url: string): void
}

const signedIn: LwaUser[] = []

@Controller('auth/amazon')
class AuthController {
  constructor(@Inject(LwaSessionService) private readonly sessions: LwaSessionService) {}

  @Get('login')
  @UseGuards(LwaAuthGuard)
  login(): void {}

  @Get('callback')
  @UseGuards(LwaAuthGuard)
  async callback(@Req() req: Request, @Res() res: Response) {
    signedIn.push(await this.sessions.signIn(req, res))
    if (!res.headersSent) res.redirect(303, '/')
  }
}

describe('LwaSessionService.signIn after the app answered first', () => {
  let emulator: Emulator
  let app: INestApplication
  let base: string
  const store = new MemoryTokenStore()
  const first = answerFirst()

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 })
    @Module({
      imports: [
        LwaModule.forRoot({
          clientId: DEMO.webClientId,
          clientSecret: DEMO.webClientSecret,
          endpoints: emulator.endpoints,
          callbackURL: '/auth/amazon/callback',
          stateSecret: 'a-test-secret-of-at-least-32-characters!',
          store,
          session: {},
        }),
      ],
      controllers: [AuthController],
    })
    class AppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile()
    app = moduleRef.createNestApplication({ logger: false })
    app.use(first.middleware)
    await app.listen(0, '127.0.0.1')
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1')
    emulator.allowReturnUrl(`${base}/auth/amazon/callback`)
  })

  afterAll(async () => {
    await app?.close()
    await emulator?.close()
  })

  it('writes nothing late and keeps no session or tokens', async () => {
    const rejections: unknown[] = []
    const onRejection = (reason: unknown) => rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    try {
      const browser = new Browser()
      const { callbackUrl } = await authorizeAt(browser, `${base}/auth/amazon/login`, emulator, {
        userId: DEMO.users.alice.userId,
        decision: 'allow',
      })
      emulator.injectFault({ endpoint: 'token', kind: 'delay', delayMs: ANSWER_FIRST_MS + 150 })
      const res = await browser.get(callbackUrl)
      expect(res.status).toBe(503)
      expect(await res.json()).toEqual({ error: 'timeout' })
      // The sign-in goes on after the answer: wait for the callback route to be done with it.
      for (let i = 0; i < 100 && signedIn.length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 50))
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(first.state.late).toEqual([])
      expect(store.size).toBe(0)
      expect(rejections).toEqual([])
      // signIn resolves the user, without a session's key.
      expect(signedIn).toHaveLength(1)
      expect(signedIn[0]).toMatchObject({ userId: DEMO.users.alice.userId })
      expect(signedIn[0]?.key).toBeUndefined()
    } finally {
      process.off('unhandledRejection', onRejection)
    }
  })
})
