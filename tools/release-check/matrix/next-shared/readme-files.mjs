// The files a section of packages/next-auth/README.md tells a new user to write: each TypeScript
// block of the section, split where a line names a file (`// lib/auth.ts`, `// proxy.ts (…)`), with
// the commented `// import … from '@/…'` lines (there so the README's block compiles as one piece)
// turned into the imports a real app has.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const FILE_LINE = /^\/\/ ((?:app|lib)\/[^\s]+\.tsx?|[a-z-]+\.ts)(?:\s|$)/

/**
 * @param {string} repoRoot
 * @param {string} section the `## ` heading of the section, for example 'next-auth v4 (App Router)'
 * @returns {Map<string, string>} path → content (ending in one newline)
 */
export function readmeFiles(repoRoot, section) {
  const readme = readFileSync(join(repoRoot, 'packages/next-auth/README.md'), 'utf8')
  const start = readme.indexOf(`\n## ${section}\n`)
  if (start < 0) throw new Error(`packages/next-auth/README.md has no "## ${section}" section`)
  const rest = readme.slice(start + 1)
  const next = rest.indexOf('\n## ', 1)
  const text = next < 0 ? rest : rest.slice(0, next)
  const files = new Map()
  for (const block of text.matchAll(/^```(?:ts|tsx)\b[^\n]*\n([\s\S]*?)^```$/gm)) {
    let current
    for (const line of block[1].split('\n')) {
      const named = FILE_LINE.exec(line)
      if (named) {
        current = named[1]
        if (files.has(current)) throw new Error(`the README names ${current} twice in "${section}"`)
        files.set(current, [])
      }
      if (!current) continue
      files.get(current).push(line.replace(/^\/\/ (import .* from '@\/[^']+')$/, '$1'))
    }
  }
  return new Map([...files].map(([path, lines]) => [path, `${lines.join('\n').trimEnd()}\n`]))
}
