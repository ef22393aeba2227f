// Writes the skeleton of a published package (used once per package; kept for new packages).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const [, , name, description, ...keywords] = process.argv
const dir = join('packages', name)
mkdirSync(join(dir, 'src'), { recursive: true })
mkdirSync(join(dir, 'test'), { recursive: true })
const pkg = {
  name: `@lwa-kit/${name}`,
  version: '0.0.0',
  description,
  license: 'MIT',
  type: 'module',
  repository: { type: 'git', url: 'git+https://github.com/lwa-kit/lwa-kit.git', directory: dir },
  keywords: ['login-with-amazon', 'lwa', 'amazon-music', 'oauth2', ...keywords],
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.cts',
  exports: {
    '.': {
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  files: ['dist'],
  sideEffects: false,
  engines: { node: '>=20.19.0' },
  scripts: {
    build: 'tsup',
    typecheck: 'tsc -p tsconfig.json --noEmit',
    lint: 'biome check .',
    test: 'vitest run',
    check: 'publint --strict && attw --pack .',
  },
  publishConfig: { access: 'public' },
}
const write = (f, c) => {
  if (!existsSync(join(dir, f))) writeFileSync(join(dir, f), c)
}
write('package.json', `${JSON.stringify(pkg, null, 2)}\n`)
write(
  'tsup.config.ts',
  `import { libraryConfig } from '../../tools/config/tsup.mjs'\n\nexport default libraryConfig()\n`,
)
write(
  'vitest.config.ts',
  `import { packageTestConfig } from '../../tools/config/vitest.mjs'\n\nexport default packageTestConfig()\n`,
)
write(
  'tsconfig.json',
  `${JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { types: ['node'] }, include: ['src', 'test', '*.ts'] }, null, 2)}\n`,
)
