import assert from 'node:assert/strict'
import { after, before, beforeEach, test } from 'node:test'
import { DEMO } from '@lwa-kit/emulator'
import { useEmulator } from '@lwa-kit/emulator/testing'

const lwa = useEmulator({ before, after, beforeEach })

test('a device links through the code pair', async () => {
  const pair = await fetch(lwa.emulator.endpoints.codePairEndpoint, {
    method: 'POST',
    body: new URLSearchParams({
      response_type: 'device_code',
      client_id: DEMO.deviceClientId,
      scope: 'amazon_music:access',
    }),
  })
  const { device_code, user_code } = (await pair.json()) as Record<string, string>
  lwa.emulator.approveDevice({ userCode: user_code ?? '' }) // as the first user, Alice
  const tokens = await fetch(lwa.emulator.endpoints.tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'device_code',
      device_code: device_code ?? '',
      user_code: user_code ?? '',
    }),
  })
  assert.equal(tokens.status, 200)
})

test('a code pair expires on the emulator clock', async () => {
  const pair = await fetch(lwa.emulator.endpoints.codePairEndpoint, {
    method: 'POST',
    body: new URLSearchParams({
      response_type: 'device_code',
      client_id: DEMO.deviceClientId,
      scope: 'amazon_music:access',
    }),
  })
  const { user_code } = (await pair.json()) as Record<string, string>
  lwa.expireCodePairs()
  assert.throws(() => lwa.emulator.approveDevice({ userCode: user_code ?? '' }), /No pending/)
})
