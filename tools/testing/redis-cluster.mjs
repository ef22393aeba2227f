// Starts a real Redis Cluster for the tests and the bench: six redis-server processes (Debian's
// /usr/bin/redis-server) on free loopback ports, joined by `redis-cli --cluster create` into three
// masters with one replica each, with a short cluster-node-timeout so a killed master fails over
// in seconds. `stop()` ends every process it started (by PID) and removes its temp dir.
import { execFile, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REDIS_SERVER_PATH } from './redis-server.mjs'

export const REDIS_CLI_PATH = process.env.REDIS_CLI_PATH ?? '/usr/bin/redis-cli'

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Six distinct free loopback ports (held open together, so none repeats). @returns {Promise<number[]>} */
async function freePorts(count) {
  const servers = []
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer()
      await new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(0, '127.0.0.1', resolve)
      })
      servers.push(server)
    }
    return servers.map((s) => /** @type {import('node:net').AddressInfo} */ (s.address()).port)
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
  }
}

/**
 * Runs redis-cli and resolves with its stdout.
 * @param {string[]} args @param {number} [timeoutMs] @returns {Promise<string>}
 */
export function redisCli(args, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    execFile(REDIS_CLI_PATH, args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new Error(`redis-cli ${args.join(' ')} failed: ${err.message}\n${stderr}`))
      else resolve(stdout)
    })
  })
}

/** `redis-cli -p <port> <command...>` on 127.0.0.1. @param {number} port @param {string[]} command */
const onNode = (port, command, timeoutMs = 5000) =>
  redisCli(['-h', '127.0.0.1', '-p', String(port), ...command], timeoutMs)

/** @param {import('node:child_process').ChildProcess} child @returns {Promise<void>} */
function waitForReady(child) {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output}`)),
      15_000,
    )
    child.stdout?.on('data', (chunk) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with ${code ?? signal}:\n${output}`))
    })
  })
}

/**
 * Polls until `check` resolves true (every `everyMs`, up to `timeoutMs`).
 * @param {() => Promise<boolean>} check @param {string} what
 */
export async function waitUntil(check, what, timeoutMs = 30_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs
  let last
  for (;;) {
    try {
      if (await check()) return
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ''}`,
      )
    await sleep(everyMs)
  }
}

/**
 * Parses `CLUSTER NODES` output.
 * @param {string} text
 * @returns {{ id: string, port: number, flags: string[], master: string, connected: boolean, slots: string[] }[]}
 */
export function parseClusterNodes(text) {
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id, address, flags, master, , , , link, ...slots] = line.trim().split(' ')
      return {
        id,
        port: Number(address.split('@')[0].split(':').pop()),
        flags: flags.split(','),
        master,
        connected: link === 'connected',
        slots,
      }
    })
}

/**
 * Starts a 3-master, 3-replica Redis Cluster on 127.0.0.1 and waits until every node says
 * `cluster_state:ok` and agrees on the masters.
 *
 * @param {{ nodeTimeoutMs?: number }} [options]
 */
export async function startRedisCluster(options = {}) {
  const nodeTimeoutMs = options.nodeTimeoutMs ?? 1000
  const dir = mkdtempSync(join(tmpdir(), 'lwa-redis-cluster-'))
  /** @type {Map<number, import('node:child_process').ChildProcess>} */
  const children = new Map()
  /** @type {Map<number, string>} */
  const logs = new Map()
  const stop = async () => {
    await Promise.all(
      [...children.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(timer)
      }),
    )
    rmSync(dir, { recursive: true, force: true })
  }
  /** Starts (or restarts, with its nodes.conf) the server on `port`. @param {number} port */
  const startNode = async (port) => {
    const nodeDir = join(dir, String(port))
    mkdirSync(nodeDir, { recursive: true })
    const child = spawn(
      REDIS_SERVER_PATH,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-node-timeout',
        String(nodeTimeoutMs),
        '--cluster-config-file',
        join(nodeDir, 'nodes.conf'),
        '--dir',
        nodeDir,
        '--save',
        '',
        '--appendonly',
        'no',
        // Replicas sync at once (the default waits 5 s for more replicas to join).
        '--repl-diskless-sync-delay',
        '0',
      ],
      { cwd: nodeDir, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    children.set(port, child)
    await waitForReady(child)
    // Keep reading (a full pipe would block the server); the tail is kept for diagnostics.
    const keep = (chunk) => {
      logs.set(port, ((logs.get(port) ?? '') + chunk.toString()).slice(-20_000))
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
  }
  try {
    const ports = await freePorts(6)
    await Promise.all(ports.map((port) => startNode(port)))
    await redisCli(
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '1',
        '--cluster-yes',
      ],
      60_000,
    )
    const cluster = {
      ports,
      /** The `{ host, port }` list for `new Cluster(nodes)`. */
      nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
      dir,
      /** The PID of the server on `port`. @param {number} port */
      pid: (port) => /** @type {number} */ (children.get(port)?.pid),
      /** The tail of the server's log. @param {number} port */
      log: (port) => logs.get(port) ?? '',
      /** Whether the server on `port` still runs. @param {number} port */
      running: (port) => {
        const child = children.get(port)
        return Boolean(child && child.exitCode === null && child.signalCode === null)
      },
      /** Runs a command on one node. @param {number} port @param {string[]} command */
      command: (port, command) => onNode(port, command),
      /** The CLUSTER NODES view of a node. @param {number} port */
      async nodesOf(port) {
        return parseClusterNodes(await onNode(port, ['cluster', 'nodes']))
      },
      /** The port of the master that serves `redisKey` now, as a live node sees it. @param {string} redisKey */
      async masterOf(redisKey) {
        const live = ports.filter((p) => cluster.running(p))
        const slot = Number((await onNode(live[0], ['cluster', 'keyslot', redisKey])).trim())
        for (const port of live) {
          const nodes = await nodesOf(port)
          for (const node of nodes) {
            if (!node.flags.includes('master') || node.flags.includes('fail')) continue
            for (const range of node.slots) {
              if (range.startsWith('[')) continue
              const [from, to = from] = range.split('-').map(Number)
              if (slot >= from && slot <= to) return node.port
            }
          }
        }
        throw new Error(`No live master serves slot ${slot}`)
      },
      /**
       * Starts the server on `port` again after a kill: it rejoins from its nodes.conf, as a
       * replica of the node that took over. Call `waitHealthy()` after it.
       * @param {number} port
       */
      async restart(port) {
        if (cluster.running(port)) return
        await startNode(port)
      },
      /** SIGKILLs the server on `port` and waits for it to exit. @param {number} port */
      async kill(port) {
        const child = children.get(port)
        if (!child || child.exitCode !== null || child.signalCode !== null) return
        const exited = new Promise((resolve) => child.once('exit', resolve))
        process.kill(/** @type {number} */ (child.pid), 'SIGKILL')
        await exited
      },
      /**
       * Waits until every running node says cluster_state:ok and sees three live masters (after
       * a kill: the replica took over) with all 16384 slots served, and every replica's link to
       * its master is up (a replica that never synced cannot take over).
       */
      async waitHealthy(timeoutMs = 45_000) {
        await waitUntil(
          async () => {
            const live = ports.filter((p) => cluster.running(p))
            for (const port of live) {
              const info = await onNode(port, ['cluster', 'info'])
              if (!info.includes('cluster_state:ok')) return false
              const masters = (await nodesOf(port)).filter(
                (n) => n.flags.includes('master') && !n.flags.includes('fail') && n.slots.length,
              )
              if (masters.length !== 3) return false
              if (masters.some((m) => !live.includes(m.port))) return false
              // A replica that has not synced yet could not take over: wait for its link.
              const replication = await onNode(port, ['info', 'replication'])
              if (
                replication.includes('role:slave') &&
                !replication.includes('master_link_status:up')
              )
                return false
            }
            return true
          },
          'cluster_state:ok on every node',
          timeoutMs,
          200,
        )
      },
      stop,
    }
    const nodesOf = cluster.nodesOf
    await cluster.waitHealthy()
    return cluster
  } catch (err) {
    await stop()
    throw err
  }
}
