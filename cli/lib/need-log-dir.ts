import { isLogDir } from '../../lib/log-dir/index.js'
import { CliErrors } from './errors.js'

/** A log directory that must exist (query, tail --dir, recent --dir): a usage error otherwise. */
export function assertLogDir(dir: string): void {
  if (!isLogDir(dir)) throw CliErrors.NO_LOG_DIR(dir)
}
