// Consumer projects: fresh folders outside the repo that install @lwa-kit/* from the throwaway
// registry (scope registry only; every other package comes from the default registry), type-check,
// and run the web sign-in and device link against the emulator installed from that registry.
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cleanEnv, run } from './run.mjs'

const sources = join(dirname(fileURLToPath(import.meta.url)), '..', 'consumers')
const TYPES_NODE = '@types/node@20.19.43'

/** Peer dependencies the bundler consumer leaves to node_modules at run time. */
const BUNDLE_EXTERNALS = [
  '@nestjs/*',
  'next',
  'next/*',
  'next-auth',
  'next-auth/*',
  '@auth/core',
  '@auth/core/*',
  'express',
  'passport',
  'passport-oauth2',
  'ioredis',
  'reflect-metadata',
  'rxjs',
  'rxjs/*',
]

const strict = {
  strict: true,
  // Every declaration file is checked, ours and the ones they pull in, as a strict user's is.
  skipLibCheck: false,
  types: ['node'],
  target: 'ES2022',
  lib: ['ES2022', 'DOM'],
  esModuleInterop: true,
}

/**
 * The two plain consumers: CommonJS JavaScript (checkJs, node16) and TypeScript bundled with esbuild
 * (bundler resolution). `extra`: other published packages each one installs and loads. ESM and
 * nodenext TypeScript beside each framework are the matrix's (lib/matrix.mjs).
 */
export function consumers({ names }) {
  const adapters = names.filter((n) => n !== '@lwa-kit/core' && n !== '@lwa-kit/emulator')
  const pick = (...wanted) => adapters.filter((n) => wanted.includes(n))
  // The framework adapters are type-checked under nodenext and bundler, beside each supported major
  // of their framework, by the matrix (lib/matrix.mjs); these two keep the framework-free ones.
  const typedAdapters = pick('@lwa-kit/cli', '@lwa-kit/redis')
  return [
    {
      kind: 'cjs',
      type: 'commonjs',
      files: ['main.cjs'],
      extra: pick('@lwa-kit/cli', '@lwa-kit/redis', '@lwa-kit/passport'),
      tsconfig: {
        ...strict,
        allowJs: true,
        checkJs: true,
        noEmit: true,
        module: 'node16',
        moduleResolution: 'node16',
      },
      include: ['main.cjs'],
      run: [['node', 'main.cjs']],
    },
    {
      kind: 'ts-bundler',
      type: 'module',
      files: ['main.ts'],
      extra: typedAdapters,
      tsconfig: { ...strict, module: 'preserve', moduleResolution: 'bundler', noEmit: true },
      include: ['main.ts', 'adapters.ts'],
      build: 'esbuild',
      run: [['node', 'bundle.mjs']],
    },
  ]
}

/**
 * adapters.ts: imports every extra package (so its types resolve under this consumer's settings)
 * and, when called, checks each one loaded with exports.
 */
function adaptersModule(extra) {
  const lines = extra.map((name, i) => `import * as m${i} from '${name}'`)
  lines.push(
    '',
    `const loaded: Record<string, object> = { ${extra.map((n, i) => `'${n}': m${i}`).join(', ')} }`,
    '',
    'export function checkAdapters(): number {',
    '  for (const [name, mod] of Object.entries(loaded)) {',
    "    const keys = Object.keys(mod).filter((k) => k !== 'default' && k !== '__esModule')",
    '    if (keys.length === 0) throw new Error(`${name} has no exports`)',
    '  }',
    '  return Object.keys(loaded).length',
    '}',
    '',
  )
  return lines.join('\n')
}

export async function runConsumer(ctx, consumer) {
  const { repoRoot, work, registryUrl, version, check, ensureOk, assert } = ctx
  const dir = join(work, `consumer-${consumer.kind}`)
  const env = cleanEnv({
    LWA_CONSUMER_KIND: consumer.kind,
    LWA_EXTRA_PACKAGES: JSON.stringify(consumer.extra),
  })
  const node = process.execPath
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc')
  const esbuild = join(repoRoot, 'node_modules', '.bin', 'esbuild')
  const wanted = ['@lwa-kit/core', '@lwa-kit/emulator', ...consumer.extra]

  await check(`consumer ${consumer.kind}: install, type-check, sign in + device link`, async () => {
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ name: `lwa-consumer-${consumer.kind}`, private: true, version: '1.0.0', type: consumer.type }, null, 2)}\n`,
    )
    // Only the @lwa-kit scope comes from the throwaway registry.
    writeFileSync(join(dir, '.npmrc'), `@lwa-kit:registry=${registryUrl}\n`)
    for (const file of consumer.files) cpSync(join(sources, file), join(dir, file))
    if (consumer.include.includes('adapters.ts')) {
      writeFileSync(join(dir, 'adapters.ts'), adaptersModule(consumer.extra))
    }
    writeFileSync(
      join(dir, 'tsconfig.json'),
      `${JSON.stringify({ compilerOptions: consumer.tsconfig, include: consumer.include }, null, 2)}\n`,
    )

    const t0 = Date.now()
    ensureOk(
      await run(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--prefer-online',
          '--save-exact',
          ...wanted.map((n) => `${n}@${version}`),
          TYPES_NODE,
        ],
        { cwd: dir, env, timeoutMs: 180_000 },
      ),
      'npm install',
    )
    const installMs = Date.now() - t0
    for (const name of wanted) {
      const installed = join(dir, 'node_modules', name)
      assert(existsSync(installed), `${name} was not installed`)
      assert(!lstatSync(installed).isSymbolicLink(), `${name} is a link, not an installed tarball`)
      const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))
      assert(pkg.version === version, `${name}@${pkg.version} installed, expected ${version}`)
    }

    // A clean tree: every peer present and in range, nothing extraneous.
    ensureOk(await run('npm', ['ls', '--all'], { cwd: dir, env }), 'npm ls --all')
    ensureOk(await run(node, [tsc, '-p', 'tsconfig.json'], { cwd: dir, env }), 'tsc')
    if (consumer.build === 'esbuild') {
      ensureOk(
        await run(
          esbuild,
          [
            'main.ts',
            '--bundle',
            '--platform=node',
            '--format=esm',
            '--target=node20',
            '--outfile=bundle.mjs',
            '--log-level=warning',
            // Bundled CommonJS dependencies (commander, qrcode) require() Node built-ins.
            "--banner:js=import { createRequire as __lwaCreateRequire } from 'node:module'; const require = __lwaCreateRequire(import.meta.url);",
            ...BUNDLE_EXTERNALS.map((e) => `--external:${e}`),
          ],
          { cwd: dir, env },
        ),
        'esbuild',
      )
    }
    let line = ''
    for (const [cmd, ...args] of consumer.run) {
      const result = ensureOk(
        await run(cmd === 'node' ? node : cmd, args, { cwd: dir, env, timeoutMs: 60_000 }),
        `${cmd} ${args.join(' ')}`,
      )
      line = result.stdout.trim().split('\n').pop() ?? ''
      assert(
        line.startsWith('consumer ok'),
        `no success line from ${args.join(' ')}: ${result.stdout}`,
      )
    }
    if (consumer.extra.includes('@lwa-kit/cli')) {
      const cliPkg = JSON.parse(
        readFileSync(join(dir, 'node_modules', '@lwa-kit', 'cli', 'package.json'), 'utf8'),
      )
      for (const binName of Object.keys(cliPkg.bin ?? {})) {
        const help = await run(join(dir, 'node_modules', '.bin', binName), ['--help'], {
          cwd: dir,
          env,
        })
        ensureOk(help, `${binName} --help`)
      }
    }
    return `(install ${(installMs / 1000).toFixed(1)} s; ${wanted.length} @lwa-kit packages)`
  })
}
