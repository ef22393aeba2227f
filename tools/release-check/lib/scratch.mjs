// The scratch copy of the repo that gets versioned and published (the real tree is never versioned).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'))

/** The published packages: packages/* that are not private, with their folders. */
export function publishedPackages(repoRoot) {
  const dir = join(repoRoot, 'packages')
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'package.json')))
    .map((d) => ({ folder: d.name, pkg: readJson(join(dir, d.name, 'package.json')) }))
    .filter(({ pkg }) => !pkg.private)
}

/**
 * Copies what `changeset version` and `changeset publish` need: the root manifest and lockfile,
 * .changeset/, every published package without node_modules (dist included: nx built it), and the
 * manifests of the other workspaces (so `npm install --package-lock-only` sees the whole workspace).
 */
export function copyRepo(repoRoot, dest) {
  mkdirSync(dest, { recursive: true })
  for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
    if (existsSync(join(repoRoot, file))) cpSync(join(repoRoot, file), join(dest, file))
  }
  cpSync(join(repoRoot, '.changeset'), join(dest, '.changeset'), { recursive: true })
  for (const { folder } of publishedPackages(repoRoot)) {
    const from = join(repoRoot, 'packages', folder)
    cpSync(from, join(dest, 'packages', folder), {
      recursive: true,
      filter: (src) => !src.includes('/node_modules') && !src.endsWith('/.turbo'),
    })
  }
  for (const group of ['apps', 'tools', 'packages']) {
    const dir = join(repoRoot, group)
    if (!existsSync(dir)) continue
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const manifest = join(dir, entry.name, 'package.json')
      const target = join(dest, group, entry.name, 'package.json')
      if (!entry.isDirectory() || !existsSync(manifest) || existsSync(target)) continue
      mkdirSync(join(dest, group, entry.name), { recursive: true })
      cpSync(manifest, target)
    }
  }
}

/** Pending changeset files (not README.md). */
export function pendingChangesets(dir) {
  return readdirSync(join(dir, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md')
}

/** Writes a patch changeset for every published package when none is pending. */
export function ensureChangeset(dir, names) {
  if (pendingChangesets(dir).length > 0) return false
  const front = names.map((n) => `"${n}": patch`).join('\n')
  writeFileSync(
    join(dir, '.changeset', 'release-check-temporary.md'),
    `---\n${front}\n---\n\nRelease check: a temporary changeset so that there is something to version.\n`,
  )
  return true
}

export { readJson }
