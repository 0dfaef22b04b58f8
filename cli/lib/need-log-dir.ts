import { isLogDir } from '../../lib/log-dir/index.js'
import { CliError, EXIT } from './errors.js'

/** A log directory that must exist (query, tail --dir, recent --dir): a usage error otherwise. */
export function assertLogDir(dir: string): void {
  if (!isLogDir(dir)) throw new CliError('LW_ERR_CLI_NO_LOG_DIR', `no log directory at ${dir}; pass --dir with the "dir" of your sink-file`, EXIT.USAGE)
}
