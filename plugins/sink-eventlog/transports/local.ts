/**
 * The local syslog socket (`/dev/log`, `/var/run/syslog`) through the system's `logger` command.
 *
 * Why a child process: Node has no unix datagram sockets, and the npm addons that add them are not
 * safe in worker threads (unix-dgram polls on the main thread's loop and segfaults; node-unix-socket
 * shares handles across threads and aborts the process on a bad argument). util-linux `logger` is
 * on every Linux (Debian: essential package bsdutils), writes exactly one datagram, and reports a
 * socket error through its exit status with --socket-errors=on. One short process per record is
 * fine for what this sink carries by default (critical events); use udp/tcp for volume.
 *
 * Format: stock rsyslog and journald parse the traditional local format on /dev/log and mangle
 * RFC 5424 there, so `rfc3164` (the default) writes `<PRI>Mmm dd hh:mm:ss APP[PID]: MSG` with the
 * structured data element (plus `event`) leading MSG; `rfc5424` asks logger for RFC 5424.
 */
import { spawn } from 'node:child_process'
import { statSync } from 'node:fs'
import type { SyslogMessage } from '../rfc5424.js'
import { BOM, FACILITIES, NILVALUE, SEVERITY, escapeParamValue, formatStructuredData, truncateUtf8 } from '../rfc5424.js'
import { CommandQueueTransport, runCommand } from './command-queue.js'
import type { Delivery } from './transport.js'

export const DEFAULT_SOCKETS = Object.freeze(['/dev/log', '/var/run/syslog'])

export interface LoggerCommand {
  command: string
  /** util-linux logger (socket path, procid, RFC 5424); otherwise only -p/-t are used */
  utilLinux: boolean
}

export interface LocalOptions {
  /** explicit socket; otherwise the first of DEFAULT_SOCKETS that exists */
  socketPath?: string
  format: 'rfc3164' | 'rfc5424'
  maxMessageBytes: number
  maxBuffered: number
  logger: LoggerCommand
}

/** Finds `logger` on PATH and whether it is util-linux's; undefined when there is none. */
export function detectLogger(command = 'logger'): Promise<LoggerCommand | undefined> {
  return new Promise((resolve) => {
    let out = ''
    const child = spawn(command, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 5000 })
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', () => resolve(undefined))
    child.on('close', () => resolve({ command, utilLinux: /util-linux/.test(out) }))
  })
}

/** argv cannot carry NUL; everything else is passed as is (no shell is involved). */
const noNul = (s: string) => s.replace(/\0/g, '\uFFFD')

/** `facility.level` as logger spells it (util-linux logger takes no numeric priority). */
export function priorityName(facility: number, severity: number): string {
  const fac = Object.entries(FACILITIES).find(([, v]) => v === facility)?.[0] ?? 'user'
  const sev = Object.entries(SEVERITY).find(([, v]) => v === severity)?.[0] ?? 'notice'
  return `${fac}.${sev}`
}

/** The logger arguments for one message (unit-tested: the exact command line). */
export function loggerArgs(m: SyslogMessage, opts: { socket?: string; format: 'rfc3164' | 'rfc5424'; maxMessageBytes: number; utilLinux: boolean }): string[] {
  const pri = priorityName(m.facility, m.severity)
  const msg = m.msg ?? ''
  if (!opts.utilLinux || opts.format === 'rfc3164') {
    // no MSGID field in this format: the event goes into the structured data element
    const sd = m.structuredData.map((el, i) =>
      i === 0 && m.msgid !== NILVALUE ? { id: el.id, params: [...el.params.slice(0, 1), ['event', m.msgid] as [string, string], ...el.params.slice(1)] } : el,
    )
    const text = noNul(truncateUtf8(`${formatStructuredData(sd)} ${msg}`, opts.maxMessageBytes - 64))
    if (!opts.utilLinux) return ['-p', pri, '-t', m.appName, '--', text]
    return [
      ...(opts.socket ? ['--socket', opts.socket] : []),
      '--socket-errors=on',
      '--size',
      String(opts.maxMessageBytes),
      '--priority',
      pri,
      '--tag',
      m.appName,
      `--id=${m.procid}`,
      '--',
      text,
    ]
  }
  const args = [
    ...(opts.socket ? ['--socket', opts.socket] : []),
    '--socket-errors=on',
    '--size',
    String(opts.maxMessageBytes),
    '--priority',
    pri,
    '--tag',
    m.appName,
    `--id=${m.procid}`,
    '--rfc5424=notq',
  ]
  if (m.msgid !== NILVALUE) args.push('--msgid', m.msgid)
  for (const el of m.structuredData) {
    args.push('--sd-id', el.id)
    for (const [name, value] of el.params) args.push('--sd-param', noNul(`${name}="${escapeParamValue(value)}"`))
  }
  args.push('--', noNul(BOM + truncateUtf8(msg, opts.maxMessageBytes - 256)))
  return args
}

/** The first existing socket among the candidates, or undefined. */
export function findSocket(candidates: readonly string[]): string | undefined {
  for (const path of candidates) {
    try {
      if (statSync(path).isSocket()) return path
    } catch {
      // absent: try the next one
    }
  }
  return undefined
}

/** One logger process at a time: concurrent ones would reorder records (a few ms each). */
const CONCURRENCY = 1
const LOGGER_TIMEOUT_MS = 10_000

export class LocalTransport extends CommandQueueTransport<SyslogMessage> {
  readonly describe: string
  #socket: string | undefined

  constructor(
    private readonly opts: LocalOptions,
    delivery: Delivery,
  ) {
    super(opts.maxBuffered, delivery)
    this.describe = `local syslog (${opts.socketPath ?? DEFAULT_SOCKETS.join(' or ')}) via ${opts.logger.command}`
  }

  protected pump(): void {
    while (!this.closed && this.running < CONCURRENCY && this.queue.size > 0) {
      const message = this.queue.shift()!
      const socket = this.#resolveSocket()
      if (this.opts.logger.utilLinux && !socket) {
        this.delivery.undelivered(
          1,
          `no syslog socket at ${this.opts.socketPath ?? DEFAULT_SOCKETS.join(' or ')}: is a syslog daemon running? Otherwise use transport udp or tcp`,
        )
        continue
      }
      this.#run(loggerArgs(message, { socket, format: this.opts.format, maxMessageBytes: this.opts.maxMessageBytes, utilLinux: this.opts.logger.utilLinux }))
    }
    this.idle.notify()
  }

  /** Explicit path, else the cached default socket (looked up again after a failure). */
  #resolveSocket(): string | undefined {
    if (this.opts.socketPath) return this.opts.socketPath
    this.#socket ??= findSocket(DEFAULT_SOCKETS)
    return this.#socket
  }

  #run(args: string[]): void {
    this.running++
    runCommand(this.opts.logger.command, args, { timeout: LOGGER_TIMEOUT_MS, what: 'logger' }, (error) => {
      this.running--
      if (error) {
        this.#socket = undefined
        this.delivery.undelivered(1, `${this.describe}: ${error}`)
      } else {
        this.delivery.delivered(1)
      }
      this.pump()
    })
  }
}
