// The QR code as drawn: decoded back from its half blocks, it is the URL's code with a light quiet
// zone, dark on light in colour and light-drawn (for a dark terminal) without colour.
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { QR_QUIET_ZONE, qrFor } from '../src/commands/login.js'

const URL_ = 'https://www.amazon.com/us/code'
const ESC = String.fromCharCode(27)

/** The drawn cells (true where a block is) of half-block text, two rows per line. */
function cells(text: string): boolean[][] {
  const rows: boolean[][] = []
  for (const line of text.split('\n')) {
    const top: boolean[] = []
    const bottom: boolean[] = []
    for (const ch of line) {
      top.push(ch === '█' || ch === '▀')
      bottom.push(ch === '█' || ch === '▄')
    }
    rows.push(top, bottom)
  }
  return rows
}

/** The URL's modules (true = dark) with the quiet zone around them. */
function expected(): boolean[][] {
  const { modules } = QRCode.create(URL_, { errorCorrectionLevel: 'L' })
  const full = modules.size + 2 * QR_QUIET_ZONE
  return Array.from({ length: full }, (_, r) =>
    Array.from({ length: full }, (_, c) => {
      const mr = r - QR_QUIET_ZONE
      const mc = c - QR_QUIET_ZONE
      return (
        mr >= 0 && mc >= 0 && mr < modules.size && mc < modules.size && Boolean(modules.get(mr, mc))
      )
    }),
  )
}

describe('qrFor', () => {
  it('in colour: black on bright white explicitly, blocks = dark modules, quiet zone light', async () => {
    const text = await qrFor(URL_, 'ansi')
    const lines = text.split('\n')
    for (const line of lines) {
      expect(line.startsWith(`${ESC}[30;107m`)).toBe(true)
      expect(line.endsWith(`${ESC}[0m`)).toBe(true)
    }
    const plain = lines.map((l) => l.slice(`${ESC}[30;107m`.length, -`${ESC}[0m`.length)).join('\n')
    const want = expected()
    const got = cells(plain).slice(0, want.length)
    expect(got).toEqual(want)
    // The quiet zone is light: no block in the first two lines.
    expect(plain.split('\n')[0]).toMatch(/^ +$/)
  })

  it('without colour: blocks = light modules and the quiet zone (dark on light on a dark terminal)', async () => {
    const text = await qrFor(URL_, 'plain')
    expect(text).not.toContain(ESC)
    const want = expected().map((row) => row.map((dark) => !dark))
    const got = cells(text).slice(0, want.length)
    expect(got).toEqual(want)
    // The quiet zone is drawn: the first line is all blocks, each line starts and ends with them.
    const lines = text.split('\n')
    expect(lines[0]).toMatch(/^█+$/)
    for (const line of lines) expect(line).toMatch(/^██.*██$/)
    // The top-left finder pattern's dark ring shows as the terminal background (no block).
    const ring = cells(text)[QR_QUIET_ZONE]?.slice(QR_QUIET_ZONE, QR_QUIET_ZONE + 7)
    expect(ring).toEqual([false, false, false, false, false, false, false])
  })
})
