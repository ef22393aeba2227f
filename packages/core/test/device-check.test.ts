import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CodePairExpiredError,
  checkCodePair,
  createLwaClient,
  DeviceAuthorizationDeniedError,
  type LwaClient,
} from '../src/index.js'

const MUSIC = 'amazon_music:access'
let emulator: Emulator
let lwa: LwaClient

beforeAll(async () => {
  emulator = await startEmulator()
  lwa = createLwaClient({
    clientId: DEMO.deviceClientId,
    endpoints: emulator.endpoints,
    timeoutMs: 2000,
    retries: 0,
  })
})
afterAll(() => emulator.close())

const tokenPolls = () => emulator.requests().filter((r) => r.grant_type === 'device_code')

describe('checkCodePair: one poll, no wait', () => {
  it('answers pending, then linked once the user approves, one request each', async () => {
    const pair = await lwa.requestCodePair({ scope: MUSIC })
    emulator.clearRequests()
    expect(await checkCodePair(lwa, pair)).toEqual({
      status: 'pending',
      reason: 'authorization_pending',
    })
    emulator.approveDevice({ userCode: pair.userCode, userId: DEMO.users.alice.userId })
    const linked = await checkCodePair(lwa, pair)
    expect(linked.status).toBe('linked')
    if (linked.status !== 'linked') return
    expect(linked.tokens.accessToken).toMatch(/^Atza\|/)
    expect(linked.tokens.scope).toEqual([MUSIC])
    expect(tokenPolls().map((r) => r.status)).toEqual([400, 200])
  })

  it('reports a 5xx as pending (retry) and keeps the pair usable', async () => {
    const pair = await lwa.requestCodePair({ scope: MUSIC })
    emulator.injectFault({ endpoint: 'token', kind: 'status', status: 503, times: 1 })
    expect(await checkCodePair(lwa, pair)).toEqual({ status: 'pending', reason: 'retry' })
    expect(await checkCodePair(lwa, pair)).toEqual({
      status: 'pending',
      reason: 'authorization_pending',
    })
  })

  it('throws DeviceAuthorizationDeniedError when the user declines', async () => {
    const pair = await lwa.requestCodePair({ scope: MUSIC })
    emulator.approveDevice({ userCode: pair.userCode, decision: 'deny' })
    await expect(checkCodePair(lwa, pair)).rejects.toBeInstanceOf(DeviceAuthorizationDeniedError)
  })

  it('throws CodePairExpiredError once LWA says the pair expired', async () => {
    const pair = await lwa.requestCodePair({ scope: MUSIC })
    emulator.advanceClock(601)
    await expect(checkCodePair(lwa, pair)).rejects.toBeInstanceOf(CodePairExpiredError)
  })

  it('throws CodePairExpiredError after the local expiry without sending a request', async () => {
    const pair = await lwa.requestCodePair({ scope: MUSIC })
    emulator.clearRequests()
    await expect(checkCodePair(lwa, { ...pair, expiresAt: Date.now() - 1 })).rejects.toBeInstanceOf(
      CodePairExpiredError,
    )
    expect(tokenPolls()).toHaveLength(0)
  })
})
