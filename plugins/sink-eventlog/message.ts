/**
 * Turns a logwarden record (a parsed JSON line) into what the OS log receives: a syslog message
 * (RFC 5424 fields) or a Windows event entry. The mapping is documented in README.md.
 */
import {
  FACILITIES,
  LIMITS,
  NILVALUE,
  isRfc5424Timestamp,
  printUsAscii,
  severityOf,
  truncateUtf8,
  type FacilityName,
  type SdElement,
  type SyslogMessage,
} from './rfc5424.js'

export interface MessageSettings {
  facility: FacilityName
  appName: string
  hostname: string
  procid: string
  sdId: string
  /** extra record fields sent as SD params */
  sdFields: readonly string[]
}

/** A param value longer than this is cut: structured data is for keys, the message carries prose. */
const MAX_PARAM_BYTES = 1024

/** Strings as they are; other values as compact JSON; absent/null → undefined (param omitted). */
export function fieldText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}

/** category, event_id, account_id (when present), then the configured extra fields, in that order. */
export function recordParams(record: Record<string, unknown>, fallbackCategory: string, extra: readonly string[]): Array<[string, string]> {
  const params: Array<[string, string]> = []
  const add = (name: string, value: unknown) => {
    const text = fieldText(value)
    if (text !== undefined) params.push([name, truncateUtf8(text, MAX_PARAM_BYTES)])
  }
  add('category', record.category ?? fallbackCategory)
  add('event_id', record.event_id)
  add('account_id', record.account_id)
  for (const name of extra) if (name !== 'category' && name !== 'event_id' && name !== 'account_id') add(name, record[name])
  return params
}

export function toSyslogMessage(record: Record<string, unknown>, category: string, s: MessageSettings): SyslogMessage {
  const ts = typeof record.timestamp === 'string' && isRfc5424Timestamp(record.timestamp) ? record.timestamp : new Date().toISOString()
  const event = typeof record.event === 'string' && record.event !== '' ? record.event : NILVALUE
  const sd: SdElement[] = [{ id: s.sdId, params: recordParams(record, category, s.sdFields) }]
  return {
    facility: FACILITIES[s.facility],
    severity: severityOf(record.level),
    timestamp: ts,
    hostname: printUsAscii(s.hostname, LIMITS.hostname),
    appName: printUsAscii(s.appName, LIMITS.appName),
    procid: printUsAscii(s.procid, LIMITS.procid),
    msgid: printUsAscii(event, LIMITS.msgid),
    structuredData: sd,
    msg: fieldText(record.message) ?? '',
  }
}

export type WindowsEventType = 'Error' | 'Warning' | 'Information'

export interface WindowsEntry {
  type: WindowsEventType
  eventId: number
  message: string
}

/** Event log strings are limited to 31,839 characters; the message leaves room for the key fields. */
const MAX_EVENT_MESSAGE = 30_000
const MAX_EVENT_TEXT = 31_800

/** critical/error → Error, warn → Warning, everything else → Information. */
export function windowsEventType(level: unknown): WindowsEventType {
  const sev = severityOf(level)
  if (sev <= 3) return 'Error'
  if (sev === 4) return 'Warning'
  return 'Information'
}

/** The message, a blank line, then `key: value` lines for category, event, ids and extra fields. */
export function toWindowsEntry(record: Record<string, unknown>, category: string, eventId: number, extra: readonly string[]): WindowsEntry {
  const lines: string[] = []
  const seen = new Set<string>()
  const add = (name: string, value: unknown) => {
    if (seen.has(name)) return
    seen.add(name)
    const text = fieldText(value)
    if (text !== undefined) lines.push(`${name}: ${text.slice(0, 1024)}`)
  }
  add('category', record.category ?? category)
  add('event', record.event)
  add('event_id', record.event_id)
  add('account_id', record.account_id)
  add('correlation_id', record.correlation_id)
  add('timestamp', record.timestamp)
  for (const name of extra) add(name, record[name])
  const message = (fieldText(record.message) ?? '').slice(0, MAX_EVENT_MESSAGE)
  const text = `${message}\r\n\r\n${lines.join('\r\n')}`
  return { type: windowsEventType(record.level), eventId, message: text.slice(0, MAX_EVENT_TEXT) }
}
