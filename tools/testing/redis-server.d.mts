/** Where redis-server lives (override with REDIS_SERVER_PATH). */
export declare const REDIS_SERVER_PATH: string

/** A real redis-server on a free loopback port, in a temp dir, with no persistence. */
export interface RedisServer {
  port: number
  url: string
  /** Ends the server and removes its temp dir. */
  stop(): Promise<void>
}

/** Starts a redis-server on 127.0.0.1 (three tries, in case another process takes the port). */
export declare function startRedisServer(): Promise<RedisServer>
