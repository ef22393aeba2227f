import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import {
  InvalidGrantError,
  isLwaError,
  LwaError,
  LwaErrorCode,
  LwaServerError,
  redactTokens,
  UnknownScopeError,
} from '../src/index.js'

describe('errors', () => {
  it('never carry a token in the message, the description or toJSON()', () => {
    const error = new InvalidGrantError('refresh_token', {
      errorDescription: 'bad token Atzr|IQEBLzAtAhRPpMJxdwVz2Nn6f2y-tpJX2DeX and Atza|IQEBLjAsAhRm',
      status: 400,
      requestId: 'req-1',
    })
    const json = JSON.stringify(error.toJSON())
    for (const text of [error.message, error.errorDescription ?? '', json]) {
      expect(text).not.toContain('IQEBLzAtAhRPpMJxdwVz2Nn6f2y')
      expect(text).not.toContain('IQEBLjAsAhRm')
    }
    expect(error.toJSON()).toMatchObject({
      name: 'InvalidGrantError',
      code: LwaErrorCode.InvalidGrant,
      error: 'invalid_grant',
      status: 400,
      requestId: 'req-1',
      retryable: false,
    })
    expect(redactTokens('x Atza|abc&y=1')).toBe('x Atza|[redacted]&y=1')
  })

  it('say what invalid_grant most likely means for each grant', () => {
    expect(new InvalidGrantError('authorization_code').message).toMatch(
      /already used.*5 minutes.*redirect_uri/,
    )
    expect(new InvalidGrantError('refresh_token').message).toMatch(/removed the app/)
    expect(new UnknownScopeError().message).toMatch(/Amazon Music Service has enabled/)
  })

  it('are recognised across package copies by their code', () => {
    const foreign = Object.assign(new Error('x'), { code: 'LWA_TIMEOUT' })
    expect(isLwaError(foreign)).toBe(true)
    expect(isLwaError(new Error('x'))).toBe(false)
    expect(isLwaError(new LwaServerError('token', { status: 503 }))).toBe(true)
    expect(new LwaServerError('token', { status: 503 })).toBeInstanceOf(LwaError)
    expect(new LwaServerError('token', { status: 503 }).retryable).toBe(true)
  })

  it('keep their class name in a minified bundle (logs and stack traces say which error it was)', async () => {
    // Every exported subclass of LwaError, made in a bundle whose identifiers esbuild shortens.
    const entry = `
      import * as core from ${JSON.stringify(fileURLToPath(new URL('../src/index.ts', import.meta.url)))}
      export const names = []
      for (const [key, value] of Object.entries(core)) {
        if (typeof value !== 'function' || !(value.prototype instanceof core.LwaError)) continue
        let made
        for (const args of [[], ['token', {}], ['token', 100]]) {
          try { made = new value(...args); break } catch {}
        }
        names.push([key, made?.name, made?.stack?.split(':')[0]])
      }`
    const result = await build({
      stdin: { contents: entry, resolveDir: fileURLToPath(new URL('.', import.meta.url)) },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      minify: true,
      logLevel: 'silent',
    })
    const code = result.outputFiles[0]?.text ?? ''
    const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
    const { names } = (await import(url)) as { names: [string, string, string][] }
    expect(names.length).toBeGreaterThanOrEqual(19)
    for (const [key, name, stackHead] of names) {
      expect(name, key).toBe(key)
      expect(stackHead, key).toBe(key)
    }
  })
})
