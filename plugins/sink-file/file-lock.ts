/**
 * One process owns a log directory: it appends to the files and (with rotate) renames and deletes
 * them. A second process writing the same files would interleave partial batches and race the
 * retention, so it is refused at start. The lock is a file holding the owner's pid and host; a
 * lock whose pid is dead on this host is stale and taken over (the owner was killed).
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { LwError } from '../../core/errors.js'
import { isAlive } from '../../lib/util/index.js'
import { LOCK_FILE } from '../../lib/log-layout/index.js'
import { SinkFileErrors } from './errors.js'

interface Holder {
  pid: number
  host: string
  /** per sink instance: a restarted or reloaded sink in the same process must not remove its successor's lock */
  token: string
}

export interface HeldLock {
  path: string
  token: string
}

function readHolder(path: string): Holder | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  return parseHolder(text)
}

function parseHolder(text: string): Holder {
  const [pid, host, token] = text.split('\n')
  return { pid: Number.parseInt(pid ?? '', 10), host: host ?? '', token: token ?? '' }
}

/** A lock file left by a dead process on this host (or by this process's own dead worker) may be taken over. */
function isStale(holder: Holder): boolean {
  const sameHost = holder.host === '' || holder.host === hostname()
  // our own pid: a worker of this process that died without close; a foreign host cannot be checked
  return Number.isNaN(holder.pid) || (sameHost && (holder.pid === process.pid || !isAlive(holder.pid)))
}

function lockedError(dir: string, path: string, holder: Holder): LwError {
  const where = holder.host && holder.host !== hostname() ? ` on host ${holder.host}` : ''
  return SinkFileErrors.LOCKED(dir, path, holder.pid, where)
}

/**
 * Takes the directory's lock or throws SinkFileErrors.LOCKED naming the lock file and the holder's
 * pid. `adopt`: the token of a lock this process took for this sink on the main thread, which the
 * sink's worker then holds as its own.
 */
export function acquireLock(dir: string, fileMode: number, adopt?: string): HeldLock {
  const path = join(dir, LOCK_FILE)
  if (adopt !== undefined) {
    const holder = readHolder(path)
    if (holder && holder.pid === process.pid && holder.token === adopt) return { path, token: adopt }
  }
  const token = randomBytes(6).toString('hex')
  const me = `${process.pid}\n${hostname()}\n${token}\n`
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', fileMode)
      try {
        writeSync(fd, me)
      } finally {
        closeSync(fd)
      }
      // another process may have replaced a stale lock at the same moment: the last writer wins
      const now = readHolder(path)
      if (now && now.token !== token) throw lockedError(dir, path, now)
      return { path, token }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const holder = readHolder(path)
    if (!holder) continue
    if (!isStale(holder)) throw lockedError(dir, path, holder)
    try {
      unlinkSync(path)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  }
  const holder = readHolder(path)
  throw lockedError(dir, path, holder ?? { pid: Number.NaN, host: '', token: '' })
}

/** Removes the lock if it is still this instance's (whoever took it over keeps theirs). */
export function releaseLock(lock: HeldLock): void {
  try {
    const holder = readHolder(lock.path)
    if (holder && holder.token === lock.token) unlinkSync(lock.path)
  } catch {
    // the directory may be gone; nothing to release then
  }
}
