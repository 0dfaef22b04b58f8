import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { toWindowsEntry } from './message.js'
import { EVENTLOG_SCRIPT, buildEventLogCommand, powershellPath } from './windows-command.js'

const hostile = [
  '"; Remove-Item -Recurse C:\\ ; "',
  "'; calc.exe; '",
  '$(Start-Process calc) `whoami` %PATH% & | ^ > nul',
  '\r\n[System.Diagnostics.Process]::Start("calc")',
  'ümlaut ✓ 日本語 😀',
].join('\n')

describe('Windows event log command line', () => {
  const entry = toWindowsEntry({ level: 'critical', message: hostile, category: 'enforcement', account_id: 'A"1' }, 'enforcement', 1000, [])

  it('is exactly this command, independent of what the records contain', () => {
    const cmd = buildEventLogCommand([entry], { source: 'logwarden', systemRoot: 'D:\\Win' })
    expect(cmd.file).toBe('D:\\Win\\System32\\WindowsPowerShell\\v1.0\\powershell.exe')
    expect(cmd.args.slice(0, 6)).toEqual(['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand'])
    expect(cmd.args).toHaveLength(7)
    expect(Buffer.from(cmd.args[6], 'base64').toString('utf16le')).toBe(EVENTLOG_SCRIPT)
    expect(cmd.env).toEqual({ LW_EVENTLOG_SOURCE: 'logwarden', LW_EVENTLOG_LOG: 'Application' })

    const other = buildEventLogCommand([{ type: 'Information', eventId: 1, message: 'harmless' }], { source: 'logwarden', systemRoot: 'D:\\Win' })
    expect(other.args).toEqual(cmd.args)
    expect(other.file).toBe(cmd.file)
  })

  it('carries the entries only on stdin, as JSON that round-trips every character', () => {
    const cmd = buildEventLogCommand([entry], { source: 'logwarden' })
    expect(cmd.args.join(' ')).not.toContain('calc')
    expect(JSON.stringify(cmd.env)).not.toContain('calc')
    const parsed = JSON.parse(Buffer.from(cmd.input, 'utf8').toString('utf8'))
    expect(parsed).toEqual([entry])
    expect(parsed[0].message.startsWith(hostile)).toBe(true)
    expect(parsed[0]).toMatchObject({ type: 'Error', eventId: 1000 })
  })

  it('the script reads names from the environment and data from stdin only', () => {
    expect(EVENTLOG_SCRIPT).toContain('$source = $env:LW_EVENTLOG_SOURCE')
    expect(EVENTLOG_SCRIPT).toContain('[Console]::OpenStandardInput()')
    expect(EVENTLOG_SCRIPT).toContain(
      '[System.Diagnostics.EventLog]::WriteEntry($source, [string]$e.message, [System.Diagnostics.EventLogEntryType][string]$e.type, [int]$e.eventId)',
    )
    // EncodedCommand is limited by the 32K command line
    expect(Buffer.from(EVENTLOG_SCRIPT, 'utf16le').toString('base64').length).toBeLessThan(8000)
  })

  it('falls back to C:\\Windows when SystemRoot is missing or odd', () => {
    expect(powershellPath(undefined)).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe')
    expect(powershellPath('..\\evil')).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe')
    expect(powershellPath('E:\\Windows\\')).toBe('E:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe')
  })
})

// Real execution needs Windows: elsewhere (CI here is Linux) it is reported as skipped.
describe('Windows event log (real, win32 only)', () => {
  it.runIf(process.platform === 'win32')('writes an entry that Get-EventLog reads back', () => {
    const marker = `lw-test-${process.pid}-${Date.now()}`
    const cmd = buildEventLogCommand([{ type: 'Warning', eventId: 4242, message: `${marker} ${hostile}` }], {
      source: 'logwarden-test',
      systemRoot: process.env.SystemRoot,
    })
    const run = spawnSync(cmd.file, cmd.args, { env: { ...process.env, ...cmd.env }, input: cmd.input, encoding: 'utf8', windowsHide: true, timeout: 60_000 })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const read = spawnSync(
      cmd.file,
      [
        '-NoProfile',
        '-NonInteractive',
        '-Command',
        `Get-EventLog -LogName Application -Source logwarden-test -Newest 5 | Where-Object { $_.Message -like '${marker}*' } | ForEach-Object { $_.EntryType.ToString() + '|' + $_.InstanceId }`,
      ],
      { encoding: 'utf8', windowsHide: true, timeout: 60_000 },
    )
    expect(read.stdout.trim()).toBe('Warning|4242')
  })
})
