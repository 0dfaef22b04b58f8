/**
 * logwarden/log-dir: the log directory sink-file writes and rotate rotates — file names, reading
 * it back in time order (readLogs), following it live (follow), finding it from the config.
 */
export {
  LOCK_FILE,
  activeFileName,
  compareRotated,
  fileCategory,
  parseLogFileName,
  rotatedFileName,
  rotationStamp,
  type LogFileKind,
  type LogFileName,
} from '../log-layout/index.js'
export { readLogs, readFileLines, type LogRecordJson, type ReadLogsOptions, type TimeInput } from './read-logs.js'
export { readNewest, readLinesBackwards } from './read-newest.js'
export { readFiles, type ReadFilesOptions } from './read-files.js'
export { follow, type FollowOptions } from './follow.js'
export { isLogDir, resolveLogDir } from './locate.js'
export { LogDirErrors } from './errors.js'
