/**
 * Builds the command that writes entries to the Windows event log without a native addon:
 * Windows PowerShell 5.1 (present on every supported Windows) calling
 * System.Diagnostics.EventLog.WriteEntry.
 *
 * Injection-proof by construction: the script is a constant passed as -EncodedCommand (base64
 * UTF-16LE, so no shell or argv quoting is involved); the source and log names travel in
 * environment variables and the entries as UTF-8 JSON on stdin. Nothing a record contains ever
 * reaches the command line.
 */
import type { WindowsEntry } from './message.js'

/** Read stdin as UTF-8 bytes (the console code page would mangle non-ASCII), then write each entry. */
export const EVENTLOG_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  '$bytes = New-Object System.IO.MemoryStream',
  '[Console]::OpenStandardInput().CopyTo($bytes)',
  // no @(): Windows PowerShell 5.1 emits a JSON array as one object, which foreach enumerates
  '$entries = [System.Text.Encoding]::UTF8.GetString($bytes.ToArray()) | ConvertFrom-Json',
  '$source = $env:LW_EVENTLOG_SOURCE',
  '$log = $env:LW_EVENTLOG_LOG',
  '$exists = $false',
  'try { $exists = [System.Diagnostics.EventLog]::SourceExists($source) } catch { $exists = $false }',
  'if (-not $exists) {',
  '  try { [System.Diagnostics.EventLog]::CreateEventSource($source, $log) } catch {',
  "    [Console]::Error.WriteLine(\"event source '$source' is not registered and could not be created (needs Administrator once): run as Administrator: New-EventLog -LogName $log -Source '$source'\")",
  '    exit 3',
  '  }',
  '}',
  'foreach ($e in $entries) {',
  '  [System.Diagnostics.EventLog]::WriteEntry($source, [string]$e.message, [System.Diagnostics.EventLogEntryType][string]$e.type, [int]$e.eventId)',
  '}',
  'exit 0',
].join('\r\n')

export interface EventLogCommand {
  file: string
  args: string[]
  /** added to the inherited environment */
  env: Record<string, string>
  /** written to stdin (UTF-8) */
  input: string
}

/** The absolute path, so a `powershell.exe` earlier in PATH cannot stand in for it. */
export function powershellPath(systemRoot: string | undefined): string {
  const root = systemRoot && /^[A-Za-z]:\\/.test(systemRoot) ? systemRoot.replace(/\\+$/, '') : 'C:\\Windows'
  return `${root}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`
}

export function encodeCommand(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64')
}

export function buildEventLogCommand(entries: readonly WindowsEntry[], opts: { source: string; log?: string; systemRoot?: string }): EventLogCommand {
  return {
    file: powershellPath(opts.systemRoot),
    args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encodeCommand(EVENTLOG_SCRIPT)],
    env: { LW_EVENTLOG_SOURCE: opts.source, LW_EVENTLOG_LOG: opts.log ?? 'Application' },
    input: JSON.stringify(entries),
  }
}
