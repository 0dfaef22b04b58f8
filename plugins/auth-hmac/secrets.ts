/**
 * Reads a principal's secret: given (a config value, usually `${env:NAME}`), from an environment
 * variable, or from a file. A file must be private to its owner (no group/other bits, as ssh does
 * for keys); one trailing line break is not part of it.
 */
import { readFileSync, statSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { AuthErrors } from './errors.js'
import type { SecretSource } from './schema.js'

export const MIN_SECRET_LENGTH = 16

export function readSecret(role: string, src: SecretSource | string, baseDir: string): string {
  let secret: string
  if (typeof src === 'string') {
    secret = src
  } else if (src.env !== undefined) {
    const v = process.env[src.env]
    if (v === undefined || v === '') throw AuthErrors.SECRET(role, `is not set: export ${src.env} before starting (or use { "file": … })`)
    secret = v
  } else {
    const file = isAbsolute(src.file!) ? src.file! : resolve(baseDir, src.file!)
    let st
    try {
      st = statSync(file)
    } catch (err) {
      throw AuthErrors.SECRET(role, `file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
    }
    if (!st.isFile()) throw AuthErrors.SECRET(role, `file ${file} is not a regular file`)
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      const mode = (st.mode & 0o777).toString(8).padStart(4, '0')
      throw AuthErrors.SECRET(role, `file ${file} has mode ${mode}: it is readable or writable by group or others. Run: chmod 600 ${file}`)
    }
    secret = readFileSync(file, 'utf8').replace(/\r?\n$/, '')
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw AuthErrors.SECRET(role, `is too short (${secret.length} characters; at least ${MIN_SECRET_LENGTH}). Generate one with: openssl rand -hex 32`)
  }
  return secret
}
