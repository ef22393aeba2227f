/** Where redis-cli lives (override with REDIS_CLI_PATH). */
export declare const REDIS_CLI_PATH: string

/** One line of `CLUSTER NODES`. */
export interface ClusterNode {
  id: string
  port: number
  flags: string[]
  /** The master's id for a replica, `-` for a master. */
  master: string
  connected: boolean
  slots: string[]
}

/** A real 3-master, 3-replica Redis Cluster on loopback, started by the tests. */
export interface RedisCluster {
  /** The six ports (all 127.0.0.1). */
  ports: number[]
  /** The startup nodes for `new Cluster(nodes)`. */
  nodes: { host: string; port: number }[]
  /** The temp dir (each node's nodes.conf). */
  dir: string
  /** The PID of the server on `port`. */
  pid(port: number): number
  /** Whether the server on `port` still runs. */
  running(port: number): boolean
  /** Runs one command on one node with redis-cli; resolves with its output. */
  command(port: number, command: string[]): Promise<string>
  /** `CLUSTER NODES` as `port` sees it. */
  nodesOf(port: number): Promise<ClusterNode[]>
  /** The port of the live master serving `redisKey`'s slot now. */
  masterOf(redisKey: string): Promise<number>
  /** SIGKILLs the server on `port` (by PID) and waits for it to exit. */
  kill(port: number): Promise<void>
  /** Starts a killed server again (it rejoins as a replica); call `waitHealthy()` after it. */
  restart(port: number): Promise<void>
  /** The tail of the server's log, for diagnostics. */
  log(port: number): string
  /** Polls until every running node says cluster_state:ok with three live masters. */
  waitHealthy(timeoutMs?: number): Promise<void>
  /** Ends every server it started (by PID) and removes the temp dir. */
  stop(): Promise<void>
}

/** Runs redis-cli with `args`. */
export declare function redisCli(args: string[], timeoutMs?: number): Promise<string>

/** Parses `CLUSTER NODES` output. */
export declare function parseClusterNodes(text: string): ClusterNode[]

/** Polls `check` until it resolves true. */
export declare function waitUntil(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs?: number,
  everyMs?: number,
): Promise<void>

/**
 * Starts six redis-server processes on free loopback ports with --cluster-enabled yes, joins them
 * with `redis-cli --cluster create … --cluster-replicas 1 --cluster-yes` and waits until every node
 * says cluster_state:ok.
 */
export declare function startRedisCluster(options?: {
  nodeTimeoutMs?: number
}): Promise<RedisCluster>
