import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  createLwaClient,
  createSignInTransaction,
  deriveSecret,
  webRequestFromHeaders,
} from '../src/index.js'

const LABEL = 'lwa-kit/passport/state-cookie'

describe('deriveSecret', () => {
  it('is SHA-256 of the label and the secret, base64url: the same on every instance', () => {
    const expected = createHash('sha256').update(`${LABEL}\0s3cr3t-ünï`).digest('base64url')
    expect(deriveSecret('s3cr3t-ünï', LABEL)).toBe(expected)
    expect(deriveSecret('s3cr3t-ünï', LABEL)).toHaveLength(43)
    // Another label (another use) or another secret gives another key.
    expect(deriveSecret('s3cr3t-ünï', 'other-use')).not.toBe(expected)
    expect(deriveSecret('s3cr3t-ün', LABEL)).not.toBe(expected)
  })

  it('is random without a secret', () => {
    const a = deriveSecret(undefined, LABEL)
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(deriveSecret('', LABEL)).not.toBe(a)
    expect(deriveSecret(undefined, LABEL)).not.toBe(a)
  })

  it('seals a state cookie that another instance with the same client secret opens', async () => {
    const client = createLwaClient({ clientId: 'amzn1.application-oa2-client.x', fetch })
    const transaction = () =>
      createSignInTransaction({
        client,
        secret: deriveSecret('client-secret', LABEL),
        redirectUri: 'https://app.example/cb',
        scope: 'profile',
      })
    const start = webRequestFromHeaders('GET', 'https://app.example/login', new Headers())
    const begun = await transaction().begin(start)
    if (!begun.ok) throw new Error('not begun')
    const state = new URL(begun.url).searchParams.get('state') as string
    const cookie = (begun.cookies[0] as string).split(';')[0] as string
    const callback = webRequestFromHeaders(
      'GET',
      `https://app.example/cb?state=${state}&error=access_denied`,
      new Headers({ cookie }),
    )
    // Opened and checked by the second instance: the state matches, so the callback's `error`.
    const result = await transaction().finish(callback)
    expect(result.ok ? '' : result.failure.code).toBe('LWA_ACCESS_DENIED')
    const stranger = createSignInTransaction({
      client,
      secret: deriveSecret('another-secret', LABEL),
      redirectUri: 'https://app.example/cb',
    })
    const refused = await stranger.finish(callback)
    expect(refused.ok ? '' : refused.failure.code).toBe('LWA_SEALED_STATE_INVALID')
  })
})
