/**
 * Tokens from `logwarden login`, cached per daemon in the user's config directory
 * ($XDG_CONFIG_HOME/logwarden or ~/.config/logwarden; %APPDATA%\logwarden on Windows), mode 0600.
 * The file holds one token per role; it never holds a secret.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export type Role = 'read' | 'admin'

export interface CachedToken {
  token: string
  tokenId: string
  role: Role
  /** who the token is for (auth-hmac principal); absent from older daemons */
  principal?: string
  expiresAt: string
}

type CacheFile = Partial<Record<Role, CachedToken>>

export function configDir(): string {
  if (process.env.XDG_CONFIG_HOME) return join(process.env.XDG_CONFIG_HOME, 'logwarden')
  if (process.platform === 'win32' && process.env.APPDATA) return join(process.env.APPDATA, 'logwarden')
  return join(homedir(), '.config', 'logwarden')
}

export function cacheFile(url: string): string {
  const u = new URL(url)
  const host = u.hostname.replace(/[^A-Za-z0-9.-]/g, '_')
  const port = u.port || (u.protocol === 'https:' ? '443' : '80')
  return join(configDir(), `token-${host}-${port}.json`)
}

function readCache(url: string): CacheFile {
  try {
    return JSON.parse(readFileSync(cacheFile(url), 'utf8')) as CacheFile
  } catch {
    return {}
  }
}

export function saveToken(url: string, t: CachedToken): string {
  const file = cacheFile(url)
  const data = { ...readCache(url), [t.role]: t }
  mkdirSync(configDir(), { recursive: true, mode: 0o700 })
  // written beside, then renamed: the file is never seen half-written or with a wider mode
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, file)
  return file
}

/**
 * The live token for `need` (an admin token also reads). For admin with only a read login, the
 * read token is sent anyway: the daemon's refusal then says which role is missing.
 */
export function loadToken(url: string, need: Role, now = Date.now()): CachedToken | undefined {
  const cache = readCache(url)
  const candidates = need === 'admin' ? [cache.admin, cache.read] : [cache.read, cache.admin]
  return candidates.find((t) => t && typeof t.token === 'string' && Date.parse(t.expiresAt) > now)
}

export function forgetTokens(url: string): void {
  rmSync(cacheFile(url), { force: true })
}
