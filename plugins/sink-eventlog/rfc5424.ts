/**
 * RFC 5424 (The Syslog Protocol) message model and serializer, plus the logwarden level → syslog
 * severity mapping. Pure functions: no I/O, so the RFC's own examples are unit tests.
 */

/** RFC 5424 §6.2.1 facilities that a service may reasonably log under. */
export const FACILITIES = Object.freeze({
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
} as const)

export type FacilityName = keyof typeof FACILITIES

/** RFC 5424 §6.2.1 severities. */
export const SEVERITY = Object.freeze({
  emerg: 0,
  alert: 1,
  crit: 2,
  err: 3,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
} as const)

/** critical→crit(2), error→err(3), warn→warning(4), info→info(6), debug/trace→debug(7). */
export function severityOf(level: unknown): number {
  if (typeof level === 'number') {
    if (level >= 60) return SEVERITY.crit
    if (level >= 50) return SEVERITY.err
    if (level >= 40) return SEVERITY.warning
    if (level >= 30) return SEVERITY.info
    return SEVERITY.debug
  }
  switch (typeof level === 'string' ? level.toLowerCase() : '') {
    case 'critical':
    case 'fatal':
      return SEVERITY.crit
    case 'error':
      return SEVERITY.err
    case 'warn':
    case 'warning':
      return SEVERITY.warning
    case 'debug':
    case 'trace':
      return SEVERITY.debug
    default:
      return SEVERITY.info
  }
}

export const NILVALUE = '-'
export const BOM = '\uFEFF'

/** RFC 5424 §6 field lengths. */
export const LIMITS = Object.freeze({ hostname: 255, appName: 48, procid: 128, msgid: 32, sdName: 32 })

export interface SdElement {
  /** SD-ID: an SD-NAME, `name@<private enterprise number>` for non-IANA ids */
  id: string
  params: Array<[name: string, value: string]>
}

export interface SyslogMessage {
  facility: number
  severity: number
  /** RFC 3339 timestamp as RFC 5424 §6.2.3 restricts it, or NILVALUE */
  timestamp: string
  hostname: string
  appName: string
  procid: string
  msgid: string
  structuredData: SdElement[]
  /** free-form text; undefined means no MSG part at all */
  msg?: string
  /** prefix MSG with the UTF-8 BOM, declaring it UTF-8 (§6.4); default true */
  bom?: boolean
}

/**
 * PRINTUSASCII (%d33-126) field, cut to `max`; other characters become `_` so a hostile value can
 * never add a field separator. Empty becomes NILVALUE.
 */
export function printUsAscii(value: string, max: number): string {
  let out = ''
  for (const ch of value) {
    if (out.length >= max) break
    const c = ch.charCodeAt(0)
    out += c >= 33 && c <= 126 && ch.length === 1 ? ch : '_'
  }
  return out === '' ? NILVALUE : out
}

/** SD-NAME: 1*32 PRINTUSASCII except '=', SP, ']' and '"' (§6.3.2, §6.3.3). */
export function isSdName(name: string): boolean {
  return /^[\x21\x23-\x3c\x3e-\x5c\x5e-\x7e]{1,32}$/.test(name)
}

/** SD-ID: an SD-NAME, optionally `@` + enterprise number in the private form (§7.2.2). */
export function isSdId(id: string): boolean {
  const at = id.indexOf('@')
  if (at === -1) return isSdName(id)
  return id.length <= 32 && isSdName(id.slice(0, at)) && /^[0-9]+(\.[0-9]+)*$/.test(id.slice(at + 1))
}

/** PARAM-VALUE escaping (§6.3.3): `"`, `\` and `]` are preceded by a backslash; nothing else is. */
export function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => '\\' + c)
}

/** §6.2.3: FULL-DATE "T" TIME-HOUR ":" MINUTE ":" SECOND [.1*6DIGIT] (Z / ±hh:mm). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/

export function isRfc5424Timestamp(value: string): boolean {
  return TIMESTAMP.test(value)
}

export function formatStructuredData(elements: SdElement[]): string {
  if (elements.length === 0) return NILVALUE
  let out = ''
  for (const el of elements) {
    out += '[' + el.id
    for (const [name, value] of el.params) out += ` ${name}="${escapeParamValue(value)}"`
    out += ']'
  }
  return out
}

/** `HEADER SP STRUCTURED-DATA [SP MSG]` (§6); fields are assumed already sanitized. */
export function formatRfc5424(m: SyslogMessage): string {
  const pri = m.facility * 8 + m.severity
  const header = `<${pri}>1 ${m.timestamp} ${m.hostname} ${m.appName} ${m.procid} ${m.msgid}`
  const sd = formatStructuredData(m.structuredData)
  if (m.msg === undefined) return `${header} ${sd}`
  return `${header} ${sd} ${m.bom === false ? '' : BOM}${m.msg}`
}

/**
 * Cuts a string to at most `maxBytes` of UTF-8 without splitting a character
 * (TextEncoder.encodeInto only writes whole characters).
 */
export function truncateUtf8(value: string, maxBytes: number): string {
  if (value.length * 3 <= maxBytes) return value
  const buf = new Uint8Array(Math.max(0, maxBytes))
  const { read } = new TextEncoder().encodeInto(value, buf)
  return read === value.length ? value : value.slice(0, read)
}

/**
 * The whole message cut to `maxBytes`: only MSG is shortened (header and structured data stay
 * parseable); a message that is still too long keeps its header and structured data.
 */
export function formatRfc5424Bounded(m: SyslogMessage, maxBytes: number): string {
  const full = formatRfc5424(m)
  if (m.msg === undefined || Buffer.byteLength(full) <= maxBytes) return full
  const head = formatRfc5424({ ...m, msg: '' })
  const room = maxBytes - Buffer.byteLength(head)
  return head + truncateUtf8(m.msg, Math.max(0, room))
}

/** RFC 6587 §3.4.1 octet-counting: `MSG-LEN SP SYSLOG-MSG`, MSG-LEN in octets. */
export function octetCountingFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8')
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body])
}
