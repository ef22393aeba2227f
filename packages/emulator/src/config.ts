import { EmulatorControlError } from './errors.js'
import type {
  EmulatorClient,
  EmulatorConfig,
  EmulatorOptions,
  EmulatorUser,
  Region,
  SecurityProfile,
} from './types.js'

function fail(message: string): never {
  throw new EmulatorControlError(400, 'invalid_config', `Invalid emulator config: ${message}`)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function str(value: unknown, path: string, optional = false): string | undefined {
  if (value === undefined && optional) return undefined
  if (typeof value !== 'string' || value === '') fail(`${path} must be a non-empty string`)
  return value
}

function parseClient(raw: unknown, path: string): EmulatorClient {
  if (!isObject(raw)) fail(`${path} must be an object`)
  const clientId = str(raw.clientId, `${path}.clientId`)!
  if (Buffer.byteLength(clientId) > 100) fail(`${path}.clientId is longer than 100 bytes`)
  const type = raw.type
  if (type !== 'web' && type !== 'device') fail(`${path}.type must be "web" or "device"`)
  const client: EmulatorClient = { clientId, type }
  const secret = str(raw.clientSecret, `${path}.clientSecret`, true)
  if (secret !== undefined) client.clientSecret = secret
  if (type === 'web' && secret === undefined) fail(`${path} is a web client without a clientSecret`)
  if (raw.refreshTokenWithoutSecret !== undefined) {
    if (typeof raw.refreshTokenWithoutSecret !== 'boolean')
      fail(`${path}.refreshTokenWithoutSecret must be a boolean`)
    client.refreshTokenWithoutSecret = raw.refreshTokenWithoutSecret
  }
  return client
}

function parseProfile(raw: unknown, path: string): SecurityProfile {
  if (!isObject(raw)) fail(`${path} must be an object`)
  const region = raw.region
  if (region !== 'NA' && region !== 'EU' && region !== 'FE')
    fail(`${path}.region must be "NA", "EU" or "FE"`)
  const urls = raw.allowedReturnUrls ?? []
  if (!Array.isArray(urls) || urls.some((u) => typeof u !== 'string'))
    fail(`${path}.allowedReturnUrls must be an array of strings`)
  if (!Array.isArray(raw.clients)) fail(`${path}.clients must be an array`)
  const profile: SecurityProfile = {
    id: str(raw.id, `${path}.id`)!,
    region,
    musicEnabled: raw.musicEnabled === true,
    allowedReturnUrls: [...(urls as string[])],
    clients: raw.clients.map((c, i) => parseClient(c, `${path}.clients[${i}]`)),
  }
  const name = str(raw.name, `${path}.name`, true)
  if (name !== undefined) profile.name = name
  return profile
}

function parseUser(raw: unknown, path: string): EmulatorUser {
  if (!isObject(raw)) fail(`${path} must be an object`)
  const user: EmulatorUser = {
    userId: str(raw.userId, `${path}.userId`)!,
    name: str(raw.name, `${path}.name`)!,
    email: str(raw.email, `${path}.email`)!,
    password: str(raw.password, `${path}.password`)!,
  }
  const postalCode = str(raw.postalCode, `${path}.postalCode`, true)
  if (postalCode !== undefined) user.postalCode = postalCode
  return user
}

/**
 * Checks a configuration (for example one read from a JSON file) and returns a clean copy.
 * Throws {@link EmulatorControlError} (`code: 'invalid_config'`) naming the first bad field.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs'
 * import { parseConfig, startEmulator } from '@lwa-kit/emulator'
 * const config = parseConfig(JSON.parse(readFileSync('lwa.json', 'utf8')))
 * const emulator = await startEmulator({ config })
 * ```
 */
export function parseConfig(input: unknown): EmulatorConfig {
  if (!isObject(input)) fail('the config must be an object')
  if (!Array.isArray(input.profiles)) fail('profiles must be an array')
  if (!Array.isArray(input.users)) fail('users must be an array')
  const config: EmulatorConfig = {
    profiles: input.profiles.map((p, i) => parseProfile(p, `profiles[${i}]`)),
    users: input.users.map((u, i) => parseUser(u, `users[${i}]`)),
  }
  const clientIds = new Set<string>()
  for (const profile of config.profiles) {
    for (const client of profile.clients) {
      if (clientIds.has(client.clientId)) fail(`client id ${client.clientId} appears twice`)
      clientIds.add(client.clientId)
    }
  }
  const emails = new Set<string>()
  for (const user of config.users) {
    if (emails.has(user.email.toLowerCase())) fail(`user email ${user.email} appears twice`)
    emails.add(user.email.toLowerCase())
  }
  return config
}

/** Options with every default filled in. @internal */
export type ResolvedOptions = Required<Omit<EmulatorOptions, 'verificationUri'>> & {
  verificationUri: string | undefined
}

/** @internal */
export function resolveOptions(options: EmulatorOptions, isDemo: boolean): ResolvedOptions {
  const interval = options.codePairIntervalSeconds ?? 30
  return {
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
    codeLifetimeSeconds: options.codeLifetimeSeconds ?? 300,
    codePairLifetimeSeconds: options.codePairLifetimeSeconds ?? 600,
    codePairIntervalSeconds: interval,
    rotateRefreshTokens: options.rotateRefreshTokens ?? false,
    expiredCodePairError: options.expiredCodePairError ?? 'invalid_code_pair',
    slowDown: options.slowDown ?? false,
    slowDownMinIntervalMs: options.slowDownMinIntervalMs ?? interval * 1000,
    allowLoopbackIpRedirect: options.allowLoopbackIpRedirect ?? true,
    allowPkcePlain: options.allowPkcePlain ?? true,
    invalidClientStatus: options.invalidClientStatus ?? 401,
    serverErrorCode: options.serverErrorCode ?? 'server_error',
    unavailableErrorCode: options.unavailableErrorCode ?? 'temporarily_unavailable',
    implicitGrant: options.implicitGrant ?? false,
    regionBoundTokens: options.regionBoundTokens ?? false,
    profileWithoutScope: options.profileWithoutScope ?? {
      status: 403,
      error: 'insufficient_scope',
    },
    maxStateLength: options.maxStateLength ?? null,
    verificationUri: options.verificationUri,
    showCredentials: options.showCredentials ?? isDemo,
    links: options.links ?? [],
    allowedHosts: options.allowedHosts ?? [],
    repeatedParameters: options.repeatedParameters ?? 'reject',
  }
}

/** A client together with its profile. @internal */
export interface ClientEntry {
  client: EmulatorClient
  profile: SecurityProfile
}

/** Fast lookups over a configuration. @internal */
export class ConfigIndex {
  private readonly clients = new Map<string, ClientEntry>()
  private readonly usersById = new Map<string, EmulatorUser>()
  private readonly usersByEmail = new Map<string, EmulatorUser>()

  constructor(readonly config: EmulatorConfig) {
    for (const profile of config.profiles) {
      for (const client of profile.clients) this.clients.set(client.clientId, { client, profile })
    }
    for (const user of config.users) {
      this.usersById.set(user.userId, user)
      this.usersByEmail.set(user.email.toLowerCase(), user)
    }
  }

  /** The client, if it exists in this region. */
  client(clientId: string | undefined, region: Region): ClientEntry | undefined {
    if (clientId === undefined) return undefined
    const entry = this.clients.get(clientId)
    return entry && entry.profile.region === region ? entry : undefined
  }

  anyClient(clientId: string): ClientEntry | undefined {
    return this.clients.get(clientId)
  }

  profile(profileId: string): SecurityProfile | undefined {
    return this.config.profiles.find((p) => p.id === profileId)
  }

  user(userId: string | undefined): EmulatorUser | undefined {
    return userId === undefined ? undefined : this.usersById.get(userId)
  }

  userByEmail(email: string): EmulatorUser | undefined {
    return this.usersByEmail.get(email.trim().toLowerCase())
  }
}

/** A deep copy, so runtime changes (allowReturnUrl) never touch the caller's object. @internal */
export function cloneConfig(config: EmulatorConfig): EmulatorConfig {
  return {
    profiles: config.profiles.map((p) => ({
      ...p,
      allowedReturnUrls: [...(p.allowedReturnUrls ?? [])],
      clients: p.clients.map((c) => ({ ...c })),
    })),
    users: config.users.map((u) => ({ ...u })),
  }
}
