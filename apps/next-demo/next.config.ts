import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { NextConfig } from 'next'

const here = dirname(fileURLToPath(import.meta.url))

const nextConfig: NextConfig = {
  // A monorepo: tell Turbopack where the workspace root (and node_modules) is.
  turbopack: { root: resolve(here, '../..') },
  poweredByHeader: false,
}

export default nextConfig
