/** This plugin's error codes, contributed to the registry in core/errors.ts. */
import { defineErrors } from '../../core/errors.js'

export const EventlogErrors = defineErrors({
  PLATFORM: {
    code: 'LW_ERR_EVENTLOG_PLATFORM',
    kind: 'config',
    message: (target: string, platform: string) =>
      `sink-eventlog target "${target}" cannot run on ${platform}: the Windows event log is written with Windows PowerShell. Use target "syslog" here (the default off Windows).`,
  },
  TLS_FILE: {
    code: 'LW_ERR_EVENTLOG_TLS_FILE',
    kind: 'config',
    message: (option: string, path: string, reason: string) =>
      `sink-eventlog could not read tls.${option} "${path}": ${reason}. Point it at a readable PEM file (relative paths are resolved against the config file's directory).`,
  },
  NO_LOGGER: {
    code: 'LW_ERR_EVENTLOG_NO_LOGGER',
    kind: 'config',
    message: () =>
      'sink-eventlog transport "local" needs the `logger` command (util-linux; Debian/Ubuntu package bsdutils) on PATH. Install it, or use transport "udp" or "tcp" towards the local syslog daemon.',
  },
  SD_ID: {
    code: 'LW_ERR_EVENTLOG_SD_ID',
    kind: 'config',
    message: (id: string) =>
      `sink-eventlog sdId "${id}" is not a valid RFC 5424 SD-ID: use name@<enterprise number> (e.g. logwarden@32473), at most 32 printable ASCII characters without '=', ' ', ']' or '"'.`,
  },
})
