/** This plugin's error codes (listed for docs/errors.md), in core/errors.ts's style. */
import { LwError } from '../../core/errors.js'

export const EventlogErrors = {
  PLATFORM: (target: string, platform: string) =>
    new LwError('LW_ERR_EVENTLOG_PLATFORM',
      `sink-eventlog target "${target}" cannot run on ${platform}: the Windows event log is written with Windows PowerShell. Use target "syslog" here (the default off Windows).`),
  TLS_FILE: (option: string, path: string, reason: string) =>
    new LwError('LW_ERR_EVENTLOG_TLS_FILE',
      `sink-eventlog could not read tls.${option} "${path}": ${reason}. Point it at a readable PEM file (relative paths are resolved against the config file's directory).`),
  NO_LOGGER: () =>
    new LwError('LW_ERR_EVENTLOG_NO_LOGGER',
      'sink-eventlog transport "local" needs the `logger` command (util-linux; Debian/Ubuntu package bsdutils) on PATH. Install it, or use transport "udp" or "tcp" towards the local syslog daemon.'),
  SD_ID: (id: string) =>
    new LwError('LW_ERR_EVENTLOG_SD_ID',
      `sink-eventlog sdId "${id}" is not a valid RFC 5424 SD-ID: use name@<enterprise number> (e.g. logwarden@32473), at most 32 printable ASCII characters without '=', ' ', ']' or '"'.`),
} as const
