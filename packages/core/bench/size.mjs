// Bundle size of @lwa-kit/core beside oauth4webapi and passport-amazon, bundled the same way in
// the same run: esbuild, bundle + minify + tree-shake, ES2022, then gzip -9.
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))
const coreEntry = resolve(here, '../src/index.ts')

async function bundle({ contents, platform, resolveDir = here }) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    treeShaking: true,
    write: false,
    format: 'esm',
    platform,
    target: 'es2022',
    logLevel: 'silent',
  })
  const bytes = result.outputFiles[0].contents
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
}

const cases = [
  {
    name: '@lwa-kit/core (everything)',
    platform: 'neutral',
    contents: `export * from ${JSON.stringify(coreEntry)}`,
  },
  // "typical": the smallest honest web sign-in app without server sessions: authorization URL,
  // callback + code exchange, refresh, scopes, sealed state cookie and a safe return path.
  {
    name: '@lwa-kit/core (typical web sign-in, functional)',
    platform: 'neutral',
    contents: `export { createLwaConfig, authorizationUrl, handleCallback, refreshTokens, scopes, sealState, openState, safeReturnTo } from ${JSON.stringify(coreEntry)}`,
  },
  {
    name: '@lwa-kit/core (same, with createLwaClient)',
    platform: 'neutral',
    contents: `export { createLwaClient, scopes, sealState, openState, safeReturnTo } from ${JSON.stringify(coreEntry)}`,
  },
  {
    name: '@lwa-kit/core (functional, session app)',
    platform: 'neutral',
    contents: `export { createLwaConfig, authorizationUrl, handleCallback, refreshTokens, scopes } from ${JSON.stringify(coreEntry)}`,
  },
  {
    name: '@lwa-kit/core (createLwaClient, session app)',
    platform: 'neutral',
    contents: `export { createLwaClient, scopes } from ${JSON.stringify(coreEntry)}`,
  },
  {
    name: 'oauth4webapi (everything)',
    platform: 'neutral',
    contents: `export * from 'oauth4webapi'`,
  },
  {
    name: 'oauth4webapi (typical web sign-in)',
    platform: 'neutral',
    contents: `export {
      generateRandomCodeVerifier, calculatePKCECodeChallenge, generateRandomState,
      validateAuthResponse, authorizationCodeGrantRequest, processAuthorizationCodeResponse,
      refreshTokenGrantRequest, processRefreshTokenResponse, userInfoRequest, processUserInfoResponse,
      ClientSecretPost,
    } from 'oauth4webapi'`,
  },
  {
    name: 'passport-amazon + deps (platform node)',
    platform: 'node',
    contents: `export { Strategy } from 'passport-amazon'`,
  },
]

/** Runs the size bench and returns its rows. */
export async function sizeBench() {
  const rows = []
  for (const c of cases) rows.push({ name: c.name, ...(await bundle(c)) })
  return rows
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await sizeBench()
  printSizes(rows)
}

/** Prints size rows with ratios to core's typical import. */
export function printSizes(rows) {
  const core = rows.find((r) => r.name.includes('core (typical'))
  console.log('\nBundle size (esbuild bundle+minify, gzip -9; target: core typical <= 6 KB gz)')
  for (const r of rows) {
    const ratio = core ? (r.gzip / core.gzip).toFixed(2) : '-'
    console.log(
      `  ${r.name.padEnd(50)} ${(r.raw / 1024).toFixed(1).padStart(6)} KB min  ${(r.gzip / 1024).toFixed(2).padStart(6)} KB gz  x${ratio} of core typical`,
    )
  }
}
