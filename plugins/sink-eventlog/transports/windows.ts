/**
 * Windows Application event log: runs the command from windows-command.ts, one PowerShell process
 * per chunk of queued entries (its start-up costs ~0.5 s, so entries are grouped, in order).
 */
import type { WindowsEntry } from '../message.js'
import { buildEventLogCommand } from '../windows-command.js'
import { CommandQueueTransport, runCommand } from './command-queue.js'
import type { Delivery } from './transport.js'

export interface WindowsOptions {
  source: string
  maxBuffered: number
}

const MAX_ENTRIES_PER_RUN = 50
const RUN_TIMEOUT_MS = 60_000

export class WindowsTransport extends CommandQueueTransport<WindowsEntry> {
  readonly describe: string

  constructor(
    private readonly opts: WindowsOptions,
    delivery: Delivery,
  ) {
    super(opts.maxBuffered, delivery)
    this.describe = `the Windows event log (Application, source ${opts.source})`
  }

  protected pump(): void {
    if (this.closed || this.running > 0 || this.queue.size === 0) {
      this.idle.notify()
      return
    }
    const entries: WindowsEntry[] = []
    while (entries.length < MAX_ENTRIES_PER_RUN && this.queue.size > 0) entries.push(this.queue.shift()!)
    const cmd = buildEventLogCommand(entries, { source: this.opts.source, systemRoot: process.env.SystemRoot })
    this.running++
    runCommand(
      cmd.file,
      cmd.args,
      { env: { ...process.env, ...cmd.env }, windowsHide: true, timeout: RUN_TIMEOUT_MS, input: cmd.input, what: 'powershell' },
      (error) => {
        this.running--
        if (error) this.delivery.undelivered(entries.length, `${this.describe}: ${error}`)
        else this.delivery.delivered(entries.length)
        this.pump()
      },
    )
  }
}
