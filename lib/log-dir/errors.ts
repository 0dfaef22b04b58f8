/** readLogs' error codes, contributed to the registry in core/errors.ts. */
import { defineErrors } from '../../core/errors.js'

export const LogDirErrors = defineErrors({
  READ_LOGS_OPTION: { code: 'LW_ERR_READ_LOGS_OPTION', kind: 'usage', message: (problem: string) => `readLogs: ${problem}` },
  READ_LOGS_FILE: { code: 'LW_ERR_READ_LOGS_FILE', kind: 'io', message: (problem: string) => `readLogs: ${problem}` },
})
