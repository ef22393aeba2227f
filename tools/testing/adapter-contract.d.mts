import type { LwaEndpoints } from '@lwa-kit/core'

/** What the contract gives an adapter's `start`. */
export interface ContractEnv {
  clientId: string
  endpoints: LwaEndpoints
  timeoutMs: number
  /** Mount before the check on `/slow/api/me`: answers 503 first, counts late writes. */
  answerFirst: {
    middleware: (req: any, res: any, next: (err?: unknown) => void) => void
    /** How many writes came after the answer, and what they were (`setHeader(set-cookie)`, ...). */
    state: { lateWrites: number; answered: number; late: string[] }
  }
}

/** A started app. */
export interface ContractApp {
  url: string
  close(): Promise<void>
}

export declare const ANSWER_FIRST_MS: number
export declare const TIMEOUT_MS: number
export declare const BEARER_CASES: readonly { name: string; status: number; code?: string }[]
export declare const FAULT_CASES: readonly { kind: string; status: number; code: string }[]
export declare function answerFirst(ms?: number): ContractEnv['answerFirst']
export declare function rawGet(
  url: string,
  lines: string[],
): Promise<{ status: number; headers: Map<string, string>; body: string }>
export declare function issueToken(emulator: unknown, region?: 'NA' | 'EU'): Promise<string>

/** Runs the bearer cases against one adapter in its real server. */
export declare function runBearerContract(options: {
  name: string
  start(env: ContractEnv): Promise<ContractApp>
  bodyCode?: boolean
}): void
