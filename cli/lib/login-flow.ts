/** The HMAC challenge-response (docs/auth-protocol.md), shared by `login` and a `tail` that must log in again. */
import { computeHmac } from '../../lib/control-api/index.js'
import { DaemonClient } from './client.js'
import { saveToken, type Role } from './token-cache.js'

export interface IssuedToken {
  token: string
  tokenId: string
  role: Role
  principal?: string
  expiresAt: string
}

/** Logs in to `url` with `secret`, caches the token (0600) and returns it with the cache file. */
export async function loginWith(
  url: string,
  secret: string,
  claim: { role?: Role; principal?: string },
): Promise<{ issued: IssuedToken; cache: string; url: string }> {
  const client = new DaemonClient(url)
  const { nonce } = await client.post<{ nonce: string }>('/auth/challenge', claim)
  const issued = await client.post<IssuedToken>('/auth/verify', { nonce, hmac: computeHmac(secret, nonce), ...claim })
  return { issued, cache: saveToken(client.url, issued), url: client.url }
}
