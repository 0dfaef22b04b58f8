/**
 * What `config validate` checks of a log directory without creating it: the worker's mkdir at
 * start would fail with SinkFileErrors.DIR for the same reasons.
 */
import { accessSync, constants, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type { OptionProblem } from '../../core/plugin.js'
import { SinkFileErrors } from './errors.js'

function stat(path: string) {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

export function preflightDir(dir: string): OptionProblem[] {
  // the nearest existing ancestor is where mkdir -p would start
  let at = dir
  let st = stat(at)
  while (!st && dirname(at) !== at) {
    at = dirname(at)
    st = stat(at)
  }
  const problem = (why: string) => [{ path: 'dir', code: SinkFileErrors.DIR.code, message: `log directory ${dir} cannot be created or written: ${why}` }]
  if (!st) return problem('no existing parent')
  if (!st.isDirectory()) return problem(`${at} is not a directory`)
  try {
    accessSync(at, constants.W_OK | constants.X_OK)
  } catch {
    return problem(`${at} is not writable by this user`)
  }
  return []
}
