/**
 * What sink-file's worker would fail on at start — a directory it cannot create, a lock held by
 * another live process — checked (and the lock taken) on the main thread while the plugin is applied, so that
 * createLogger() still rejects with LW_ERR_FILE_DIR / LW_ERR_FILE_LOCKED without waiting ~100 ms
 * for the worker thread to boot (the sink starts in the background: SinkSpec.start).
 */
import { chmod } from 'node:fs/promises'
import { acquireLock } from './file-lock.js'
import { makeDir } from './make-dir.js'
import { SinkFileErrors, errCode } from './errors.js'

/** Returns the lock's token, for the worker to adopt. */
export async function prepareLogDir(sink: string, dir: string, dirMode: number, fileMode: number): Promise<string> {
  try {
    // mkdir's mode is filtered by the umask; a directory we create must be exactly dirMode
    if ((await makeDir(dir, dirMode)) !== undefined) await chmod(dir, dirMode)
  } catch (err) {
    throw SinkFileErrors.DIR(sink, dir, errCode(err))
  }
  // taken here, not by the worker: two processes starting together must not both pass. The
  // directory answered the asynchronous calls above, so these small synchronous ones do not hang
  return acquireLock(dir, fileMode).token
}
