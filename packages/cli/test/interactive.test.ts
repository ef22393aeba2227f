// `lwa login` in a real terminal (tmux on a private socket): big code, QR code, live countdown,
// colours only when allowed.
import { execFileSync } from 'node:child_process'
import { DEMO, type Emulator, startEmulator } from '@lwa-kit/emulator'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { bigText } from '../src/big-text.js'
import { BIN, tempHome } from './helpers.js'

// An SGR escape sequence (colour, bold).
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`)

const socketBase = `lwa-test-${process.pid}-${Date.now()}`
let sockets = 0
let socket = ''
let emulator: Emulator
let home: { dir: string; cleanup(): void }

const tmux = (...args: string[]) =>
  execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' })

beforeEach(async () => {
  // A tmux server of its own per test: `kill-server` returns before the old server has gone, and a
  // new session on the same socket can reach the dying one ("server exited unexpectedly").
  sockets += 1
  socket = `${socketBase}-${sockets}`
  emulator = await startEmulator({ port: 0 })
  home = tempHome()
})

afterEach(async () => {
  try {
    tmux('kill-server')
  } catch {
    // the server is already gone
  }
  await emulator.close()
  home.cleanup()
})

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`

function startInTmux(extraEnv: Record<string, string>): void {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home.dir,
    XDG_CONFIG_HOME: `${home.dir}/config`,
    LWA_EMULATOR_URL: emulator.url,
    TERM: 'xterm-256color',
    ...extraEnv,
  }
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`)
  const command = `env -i ${assignments.join(' ')} ${quote(process.execPath)} ${quote(BIN)} login --interval 1; echo "EXIT=$?"; sleep 600`
  tmux('new-session', '-d', '-s', 'lwa', '-x', '120', '-y', '80', command)
}

/** The screen, optionally with its colour attributes as escape sequences. */
const screen = (withEscapes = false) =>
  tmux('capture-pane', '-p', ...(withEscapes ? ['-e'] : []), '-t', 'lwa')

async function waitForScreen(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const text = screen()
    if (pattern.test(text)) return text
    if (Date.now() > deadline) throw new Error(`No ${pattern} on the screen:\n${text}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('lwa login in a terminal', () => {
  it('draws the code large, a QR code and a live countdown, then clears it', async () => {
    startInTmux({})
    const first = await waitForScreen(/\d+:\d\d left/)
    const userCode = first.match(/Enter ([A-Z0-9]{6})/)?.[1] ?? ''
    expect(userCode).toMatch(/^[A-Z0-9]{6}$/)
    expect(first).toContain(`Open  ${emulator.url}/code`)
    // The big code: the code's five rows of block letters, one under the other at the left margin
    // (a row may start with a blank: the glyph of 1 has no ink in its first column).
    expect(first).toContain(`\n${bigText(userCode)}\n`)
    expect(first.match(/^[█ ]{20,}$/gm)?.length ?? 0).toBeGreaterThanOrEqual(3)
    // The QR code of the URL, in half blocks.
    expect(first).toContain('Or scan this QR code')
    expect(first.match(/^ ?[▀▄█ ]{20,}$/gm)?.length ?? 0).toBeGreaterThanOrEqual(10)
    // Colours and bold are on in a terminal.
    expect(screen(true)).toMatch(ANSI)
    // The countdown moves.
    const left = (text: string) => text.match(/(\d+:\d\d) left/)?.[1]
    const before = left(first)
    await new Promise((r) => setTimeout(r, 1300))
    expect(left(screen())).not.toBe(before)

    emulator.approveDevice({ userCode, userId: DEMO.users.alice.userId })
    const done = await waitForScreen(/EXIT=\d+/)
    expect(done).toContain('EXIT=0')
    expect(done).toContain('Linked. Tokens saved to')
    expect(done).not.toMatch(/\d+:\d\d left/)
    expect(done).not.toMatch(/Atz[ar]\|/)
  })

  it('uses no colour with NO_COLOR', async () => {
    startInTmux({ NO_COLOR: '1' })
    const text = await waitForScreen(/\d+:\d\d left/)
    expect(text).toContain('Or scan this QR code')
    expect(screen(true)).not.toMatch(ANSI)
    // Without colour the blocks are the light squares: the quiet zone is a full line of them.
    expect(text).toMatch(/^█{29,}$/m)
    expect(text).toContain('(Drawn for a dark background: the blocks are the light squares.)')
  })
})
