/**
 * `mkdir -p` that always ends. Node's recursive mkdir (sync and async) spins forever where mkdir of
 * a child answers ENOENT under a parent that exists (/proc, /sys, some FUSE mounts), and a worker
 * thread stuck in it can be neither awaited nor terminated, so the process could not even exit.
 * Here each missing ancestor is created once, top down: a failure is an error, never a retry.
 */
import { mkdirSync, statSync } from 'node:fs'
import { mkdir, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

/** Returns the first directory it created (like mkdirSync's recursive mode), or undefined if `dir` existed. */
export function makeDirSync(dir: string, mode: number): string | undefined {
  const missing: string[] = []
  for (let at = resolve(dir); ; at = dirname(at)) {
    const st = statSync(at, { throwIfNoEntry: false })
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`${at} is not a directory`), { code: 'ENOTDIR' })
      break
    }
    missing.push(at)
    if (dirname(at) === at) break
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      mkdirSync(missing[i]!, { mode })
    } catch (err) {
      // created meanwhile by another process: fine, as long as it is a directory
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(missing[i]!).isDirectory()) throw err
    }
  }
  return missing.at(-1)
}

/**
 * makeDirSync's steps with the asynchronous calls, for the main thread: a hung mount then holds a
 * thread-pool thread, not the application, and the caller's deadline still ends the wait.
 */
export async function makeDir(dir: string, mode: number): Promise<string | undefined> {
  const missing: string[] = []
  for (let at = resolve(dir); ; at = dirname(at)) {
    const st = await stat(at).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined
      throw err
    })
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`${at} is not a directory`), { code: 'ENOTDIR' })
      break
    }
    missing.push(at)
    if (dirname(at) === at) break
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      await mkdir(missing[i]!, { mode })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(missing[i]!)).isDirectory()) throw err
    }
  }
  return missing.at(-1)
}
