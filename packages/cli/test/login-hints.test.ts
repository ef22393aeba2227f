// The token file in `lwa login`'s hint is one shell word, whatever its name.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { shellWord } from '../src/commands/login.js'

describe('shellWord', () => {
  it('leaves a plain path as it is and quotes one that needs it, so sh reads it back', () => {
    expect(shellWord('web.json')).toBe('web.json')
    expect(shellWord('/home/me/.config/lwa-kit/web-1.json')).toBe(
      '/home/me/.config/lwa-kit/web-1.json',
    )
    for (const path of ["/tmp/my dir/it's.json", '$HOME/x.json', 'a;b', '~/x.json']) {
      const word = shellWord(path)
      expect(word).not.toBe(path)
      expect(execFileSync('sh', ['-c', `printf %s ${word}`], { encoding: 'utf8' })).toBe(path)
    }
  })
})
