/** sink-file's error codes, contributed to the registry in core/errors.ts. */
import { defineErrors } from '../../core/errors.js'

export const SinkFileErrors = defineErrors({
  LOCKED: {
    code: 'LW_ERR_FILE_LOCKED',
    kind: 'conflict',
    message: (dir: string, lockFile: string, pid: number, where: string) =>
      `log directory ${dir} is already written by process ${pid}${where} (lock file ${lockFile}). ` +
      `Two processes must not write the same log files: give this one another "dir", or stop process ${pid}. ` +
      `If that process is gone, delete ${lockFile}.`,
  },
  DIR: {
    code: 'LW_ERR_FILE_DIR',
    kind: 'io',
    message: (sink: string, dir: string, reason: string) =>
      `sink "${sink}" cannot create its log directory ${dir}: ${reason}. Create it or point "dir" at a writable directory.`,
  },
  ROTATION_LOAD: {
    code: 'LW_ERR_ROTATION_LOAD',
    kind: 'internal',
    message: (sink: string, reason: string) => `sink "${sink}": rotation module failed to start: ${reason}`,
  },
  OBSERVER_LOAD: {
    code: 'LW_ERR_OBSERVER_LOAD',
    kind: 'internal',
    message: (sink: string, reason: string) => `sink "${sink}": write observer failed to start: ${reason}`,
  },
})

/** What a file system error is called in our messages: its errno code (ENOTDIR, EACCES). */
export function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? (err instanceof Error ? err.name : 'Error')
}
