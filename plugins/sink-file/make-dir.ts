/**
 * `mkdir -p` that always ends. Node's recursive mkdir (sync and async) spins forever where mkdir of
 * a child answers ENOENT under a parent that exists (/proc, /sys, some FUSE mounts), and a worker
 * thread stuck in it can be neither awaited nor terminated, so the process could not even exit.
 * Here each missing ancestor is created once, top down: a failure is an error, never a retry.
 * The steps are written once (`steps`) and run with synchronous calls (the worker) or
 * asynchronous ones (the main thread, where a hung mount must hold a thread-pool thread, not the
 * application).
 */
import { mkdirSync, statSync, type Stats } from 'node:fs'
import { mkdir, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

type Step = ['stat' | 'mkdir', string]

/** Yields each call to make; receives a stat's result (undefined: no such entry); returns the first directory created. */
function* steps(dir: string): Generator<Step, string | undefined, Stats | undefined> {
  const missing: string[] = []
  for (let at = resolve(dir); ; at = dirname(at)) {
    const st = yield ['stat', at]
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`${at} is not a directory`), { code: 'ENOTDIR' })
      break
    }
    missing.push(at)
    if (dirname(at) === at) break
  }
  for (let i = missing.length - 1; i >= 0; i--) yield ['mkdir', missing[i]!]
  return missing.at(-1)
}

/** created meanwhile by another process: fine, as long as it is a directory */
function existsAsDir(err: unknown, st: Stats | undefined): boolean {
  return (err as NodeJS.ErrnoException).code === 'EEXIST' && st !== undefined && st.isDirectory()
}

/** Returns the first directory it created (like mkdirSync's recursive mode), or undefined if `dir` existed. */
export function makeDirSync(dir: string, mode: number): string | undefined {
  const it = steps(dir)
  let step = it.next()
  while (!step.done) {
    const [op, path] = step.value
    if (op === 'stat') {
      step = it.next(statSync(path, { throwIfNoEntry: false }))
      continue
    }
    try {
      mkdirSync(path, { mode })
    } catch (err) {
      if (!existsAsDir(err, statSync(path, { throwIfNoEntry: false }))) throw err
    }
    step = it.next(undefined)
  }
  return step.value
}

/** makeDirSync with the asynchronous calls: a caller's deadline still ends the wait on a hung mount. */
export async function makeDir(dir: string, mode: number): Promise<string | undefined> {
  const statOrNone = (path: string) =>
    stat(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined
      throw err
    })
  const it = steps(dir)
  let step = it.next()
  while (!step.done) {
    const [op, path] = step.value
    if (op === 'stat') {
      step = it.next(await statOrNone(path))
      continue
    }
    try {
      await mkdir(path, { mode })
    } catch (err) {
      if (!existsAsDir(err, await statOrNone(path))) throw err
    }
    step = it.next(undefined)
  }
  return step.value
}
