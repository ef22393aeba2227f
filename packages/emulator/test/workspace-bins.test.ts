import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BUILT, PACKAGE_DIR, REPO_DIR, run, waitForBuild } from './run-helpers.js'

// `npx lwa` and `npx lwa-emulator` in the workspace: npm links a workspace bin at install time
// only if its file exists then, before any build. So both bins are committed files that load
// the build output.
const PACKAGES = [
  { dir: 'packages/emulator', bin: 'lwa-emulator', file: 'bin/lwa-emulator.js' },
  { dir: 'packages/cli', bin: 'lwa', file: 'bin/lwa.js' },
]
const scratch = mkdtempSync(join(tmpdir(), 'lwa-workspace-bins-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('workspace commands', () => {
  it('npm links both bins at install time, before any build', async () => {
    writeFileSync(
      join(scratch, 'package.json'),
      JSON.stringify({ name: 'scratch', private: true, workspaces: ['packages/*'] }),
    )
    for (const pkg of PACKAGES) {
      const manifest = JSON.parse(readFileSync(join(REPO_DIR, pkg.dir, 'package.json'), 'utf8'))
      expect(manifest.bin).toEqual({ [pkg.bin]: `./${pkg.file}` })
      expect(manifest.files).toContain('bin')
      // Only what linking needs: name, version and bin (no registry access for dependencies).
      const target = join(scratch, pkg.dir)
      mkdirSync(target, { recursive: true })
      writeFileSync(
        join(target, 'package.json'),
        JSON.stringify({
          name: manifest.name,
          version: manifest.version,
          type: 'module',
          bin: manifest.bin,
        }),
      )
      cpSync(join(REPO_DIR, pkg.dir, 'bin'), join(target, 'bin'), { recursive: true })
    }
    const npm = run(
      'npm',
      ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'],
      {
        cwd: scratch,
      },
    )
    expect(await npm.stop()).toBe(0)
    for (const pkg of PACKAGES) {
      const link = join(scratch, 'node_modules/.bin', pkg.bin)
      expect(lstatSync(link).isSymbolicLink()).toBe(true)
      expect(realpathSync(link)).toBe(realpathSync(join(scratch, pkg.dir, pkg.file)))
      // Not built there: a clear message, not a stack trace.
      const child = run(link, ['--help'], { cwd: scratch })
      expect(await child.stop()).toBe(1)
      expect(child.output()).toContain('is not built yet: run npm run build first')
    }
  })

  it('after the build, npx lwa and npx lwa-emulator run in the repo', async () => {
    await waitForBuild(BUILT)
    for (const pkg of PACKAGES)
      expect(existsSync(join(REPO_DIR, pkg.dir, 'dist/bin.js'))).toBe(true)
    const emulator = run('npx', ['lwa-emulator', '--help'], { cwd: REPO_DIR })
    expect(await emulator.stop()).toBe(0)
    expect(emulator.output()).toContain('Usage: lwa-emulator')
    const lwa = run('npx', ['lwa', '--help'], { cwd: REPO_DIR })
    expect(await lwa.stop()).toBe(0)
    expect(lwa.output()).toContain('Usage: lwa')
    expect(lwa.output()).toContain('emulator')
    expect(PACKAGE_DIR.startsWith(REPO_DIR)).toBe(true)
    // It may wait for the CLI's build in another task (waitForBuild gives it 60 s), then two npx.
  }, 120_000)
})
