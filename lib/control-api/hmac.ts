/**
 * The proof of the login challenge (docs/auth-protocol.md): hex(HMAC-SHA256(key = the role's
 * secret as UTF-8, message = the nonce string as sent)). The daemon (auth-hmac) and the client
 * (`logwarden login`) both compute it here, so the two cannot drift apart.
 */
import { createHmac } from 'node:crypto'

export function computeHmac(secret: string, nonce: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(nonce, 'utf8').digest('hex')
}
