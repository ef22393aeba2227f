import { DEMO } from '@lwa-kit/emulator'
import { afterEach, describe, expect, it } from 'vitest'
import { type PollProgress, pollCodePair, requestCodePair } from '../src/code-pair.js'
import {
  CodePairExpiredError,
  DeviceAuthorizationDeniedError,
  InvalidArgumentError,
  LwaAbortError,
  LwaErrorCode,
} from '../src/errors.js'
import { polls, type VirtualSetup, virtualSetup } from './device-helpers.js'

const MUSIC = 'amazon_music:access'
let setup: VirtualSetup | undefined

afterEach(async () => {
  await setup?.emulator.close()
  setup = undefined
})

/** Checks the request log: every poll came at least the wait polling asked for after the previous one. */
function expectPollsRespectWaits(s: VirtualSetup, pairRequestedAt: number): void {
  const log = polls(s.emulator)
  let previous = pairRequestedAt
  log.forEach((poll, i) => {
    const wait = s.waits[i] ?? Number.NaN
    expect(poll.at - previous).toBeGreaterThanOrEqual(wait)
    previous = poll.at
  })
}

describe('pollCodePair against the emulator', () => {
  it('keeps polling while pending, every 5 s by default, and returns the tokens once approved', async () => {
    setup = await virtualSetup()
    const s = setup
    const start = s.now()
    const pair = await requestCodePair(s.ctx, { scope: MUSIC })
    const seen: PollProgress[] = []
    const tokens = await pollCodePair(
      s.ctx,
      pair,
      {
        onPending: (p) => {
          seen.push(p)
          if (p.attempt === 3)
            s.emulator.approveDevice({ userCode: pair.userCode, userId: DEMO.users.alice.userId })
        },
      },
      s.timing,
    )
    expect(tokens.accessToken).toMatch(/^Atza\|/)
    expect(tokens.refreshToken).toMatch(/^Atzr\|/)
    expect(tokens.tokenType).toBe('bearer')
    expect(tokens.scope).toEqual([MUSIC])
    expect(tokens.expiresAt).toBe(s.now() + 3600_000)
    expect(seen.map((p) => p.reason)).toEqual([
      'authorization_pending',
      'authorization_pending',
      'authorization_pending',
    ])
    expect(seen.every((p) => p.nextPollMs === 5000 && p.expiresAt === pair.expiresAt)).toBe(true)
    expect(s.waits).toEqual([5000, 5000, 5000, 5000])
    const log = polls(s.emulator)
    expect(log.map((p) => p.status)).toEqual([400, 400, 400, 200])
    expectPollsRespectWaits(s, start)
  })

  it('never polls faster than 1 s, whatever intervalMs says', async () => {
    setup = await virtualSetup()
    const s = setup
    const pair = await requestCodePair(s.ctx, { scope: MUSIC })
    await pollCodePair(
      s.ctx,
      pair,
      {
        intervalMs: 10,
        onPending: () => s.emulator.approveDevice({ userCode: pair.userCode }),
      },
      s.timing,
    )
    expect(s.waits).toEqual([1000, 1000])
  })

  it('doubles the wait on slow_down (the emulator measures real time between polls)', async () => {
    // Virtual waits also wait 1/20 of their length for real: 1 s -> 50 ms and 2 s -> 100 ms are
    // faster than the emulator's 150 ms minimum; 4 s -> 200 ms is not.
    setup = await virtualSetup({ slowDown: true, slowDownMinIntervalMs: 150 }, 1 / 20)
    const s = setup
    const start = s.now()
    const pair = await requestCodePair(s.ctx, { scope: MUSIC })
    const seen: PollProgress[] = []
    await pollCodePair(
      s.ctx,
      pair,
      {
        intervalMs: 1000,
        onPending: (p) => {
          seen.push(p)
          if (p.reason === 'authorization_pending' && p.attempt > 1)
            s.emulator.approveDevice({ userCode: pair.userCode })
        },
      },
      s.timing,
    )
    const reasons = seen.map((p) => p.reason)
    expect(reasons).toContain('slow_down')
    // Each wait follows the previous answer: doubled after slow_down, unchanged otherwise.
    let expected = 1000
    expect(s.waits[0]).toBe(1000)
    seen.forEach((p, i) => {
      if (p.reason === 'slow_down') expected = Math.min(60_000, expected * 2)
      expect(p.nextPollMs).toBe(expected)
      expect(s.waits[i + 1]).toBe(expected)
    })
    expect(Math.max(...s.waits)).toBeGreaterThanOrEqual(2000)
    expectPollsRespectWaits(s, start)
  })

  it('caps the slow_down wait at 60 s', async () => {
    // Every poll after the first is "too fast" in real time, so the wait keeps doubling.
    setup = await virtualSetup({ slowDown: true, slowDownMinIntervalMs: 60_000 })
    const s = setup
    const pair = await requestCodePair(s.ctx, { scope: MUSIC })
    await expect(pollCodePair(s.ctx, pair, {}, s.timing)).rejects.toBeInstanceOf(
      CodePairExpiredError,
    )
    expect(s.waits.slice(0, 6)).toEqual([5000, 5000, 10_000, 20_000, 40_000, 60_000])
    expect(Math.max(...s.waits)).toBe(60_000)
  })

  it('stops with CodePairExpiredError at the local expiry, without a poll after it', async () => {
    setup = await virtualSetup()
    const s = setup
    const pair = await requestCodePair(s.ctx, { scope: MUSIC })
    const error = await pollCodePair(s.ctx, pair, { intervalMs: 60_000 }, s.timing).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(CodePairExpiredError)
    expect((error as CodePairExpiredError).code).toBe(LwaErrorCode.CodePairExpired)
    expect((error as CodePairExpiredError).error).toBeUndefined()
    expect(s.now()).toBe(pair.expiresAt)
    expect(polls(s.emulator)).toHaveLength(9) // at 60 s, 120 s, ... 540 s; none at 600 s
  })

  it.each([
    ['invalid_code_pair', undefined],
    ['expired_token', 'expired_token' as const],
  ])('maps the server-side expiry (%s) to CodePairExpiredError', async (error, setting) => {
    setup = await virtualSetup(setting ? { expiredCodePairError: setting } : {})
    const s = setup
    const pair = await requestCodePair(s.ctx, { scope: MUSIC })
    // The emulator's clock runs ahead of the device's: LWA says expired before the device knows.
    s.emulator.advanceClock(601)
    const thrown = await pollCodePair(s.ctx, pair, {}, s.timing).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(CodePairExpiredError)
    expect((thrown as CodePairExpiredError).error).toBe(error)
    expect(polls(s.emulator)).toHaveLength(1)
  })

  it('ends with DeviceAuthorizationDeniedError when the user declines', async () => {
    setup = await virtualSetup()
    const s = setup
    const pair = await requestCodePair(s.ctx, { scope: MUSIC })
    const thrown = await pollCodePair(
      s.ctx,
      pair,
      { onPending: () => s.emulator.approveDevice({ userCode: pair.userCode, decision: 'deny' }) },
      s.timing,
    ).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(DeviceAuthorizationDeniedError)
    expect((thrown as DeviceAuthorizationDeniedError).code).toBe(
      LwaErrorCode.DeviceAuthorizationDenied,
    )
    expect(polls(s.emulator)).toHaveLength(2)
  })

  it('keeps polling through 5xx answers and dropped connections, within the expiry', async () => {
    setup = await virtualSetup()
    const s = setup
    const pair = await requestCodePair(s.ctx, { scope: MUSIC })
    s.emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503, times: 2 })
    s.emulator.injectFault({ endpoint: 'token', kind: 'status', status: 500, times: 1 })
    s.emulator.injectFault({ endpoint: 'token', kind: 'reset', times: 1 })
    const seen: PollProgress[] = []
    const tokens = await pollCodePair(
      s.ctx,
      pair,
      {
        onPending: (p) => {
          seen.push(p)
          if (p.reason === 'authorization_pending')
            s.emulator.approveDevice({ userCode: pair.userCode })
        },
      },
      s.timing,
    )
    expect(tokens.accessToken).toMatch(/^Atza\|/)
    expect(seen.map((p) => p.reason)).toEqual([
      'retry',
      'retry',
      'retry',
      'retry',
      'authorization_pending',
    ])
    expect(polls(s.emulator).map((p) => p.status)).toEqual([503, 503, 500, 0, 400, 200])
    expect(s.waits.every((w) => w === 5000)).toBe(true)
  })

  it('stops at once on abort, with no further request', async () => {
    setup = await virtualSetup()
    const s = setup
    const pair = await requestCodePair(s.ctx, { scope: MUSIC })
    const controller = new AbortController()
    const thrown = await pollCodePair(
      s.ctx,
      pair,
      { signal: controller.signal, onPending: () => controller.abort() },
      s.timing,
    ).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(LwaAbortError)
    expect(polls(s.emulator)).toHaveLength(1)
  })

  it('aborts a real wait without waiting it out', async () => {
    setup = await virtualSetup()
    const s = setup
    const pair = await requestCodePair(s.ctx, { scope: MUSIC })
    const controller = new AbortController()
    const started = Date.now()
    setTimeout(() => controller.abort(), 50)
    // The real timer: the first poll would come after 5 s.
    const thrown = await pollCodePair(s.ctx, pair, { signal: controller.signal }).catch(
      (e: unknown) => e,
    )
    expect(thrown).toBeInstanceOf(LwaAbortError)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(polls(s.emulator)).toHaveLength(0)
  })

  it('refuses a pair without its codes before sending anything', async () => {
    setup = await virtualSetup()
    const s = setup
    await expect(
      pollCodePair(s.ctx, {
        userCode: '',
        deviceCode: '',
        verificationUri: '',
        expiresAt: 1,
        interval: 5,
      }),
    ).rejects.toBeInstanceOf(InvalidArgumentError)
    expect(s.emulator.requests()).toHaveLength(0)
  })
})
