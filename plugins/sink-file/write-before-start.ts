/**
 * sink-file's writer for the records of a process that exits before the sink's worker ever ran
 * (it starts in the background, ~100 ms): each group is appended to its category's active file
 * on the main thread, synchronously, with the sink's file mode — where the worker would have put
 * it, instead of the crash file. Rotation and write observers are the worker's and do not run.
 */
import { closeSync, constants, fchmodSync, openSync } from 'node:fs'
import { join } from 'node:path'
import type { BatchGroup } from '../../core/sink-contract.js'
import { writeAllSync } from '../../core/write-all.js'
import { activeFileName } from '../../lib/log-layout/index.js'

const APPEND = constants.O_WRONLY | constants.O_APPEND

export function writeBeforeStart(dir: string, fileMode: number): (groups: BatchGroup[]) => void {
  return (groups) => {
    for (const group of groups) {
      const path = join(dir, activeFileName(group.category))
      let fd: number
      let created = true
      try {
        fd = openSync(path, APPEND | constants.O_CREAT | constants.O_EXCL, fileMode)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
        fd = openSync(path, APPEND)
        created = false
      }
      try {
        if (created) fchmodSync(fd, fileMode)
        const { unwritten, code } = writeAllSync(fd, group.data)
        if (unwritten > 0) throw new Error(`${path}: ${unwritten} bytes not written (${code ?? 'stalled'})`)
      } finally {
        closeSync(fd)
      }
    }
  }
}
