/**
 * The output modes of `query` and `tail` (`-o`, as journalctl's): short (the human line), cat
 * (the message alone), json (NDJSON), json-pretty (indented JSON).
 */
import { formatRecord, type RecordFormatOptions } from './record-line.js'
import { sanitize } from './sanitize.js'

export const OUTPUT_MODES = ['short', 'cat', 'json', 'json-pretty'] as const
export type OutputMode = (typeof OUTPUT_MODES)[number]

/** A record as text for `mode` (no trailing newline); JSON modes honour --fields/--hide too. */
export function renderRecord(record: Record<string, unknown>, mode: OutputMode, o: RecordFormatOptions): string {
  switch (mode) {
    case 'json':
      return JSON.stringify(project(record, o))
    case 'json-pretty':
      return JSON.stringify(project(record, o), null, 2)
    case 'cat':
      return sanitize(typeof record.message === 'string' ? record.message : String(record.message ?? ''))
    default:
      return formatRecord(record, o)
  }
}

/** The fields kept for JSON output: with --fields the record's core keys plus those picked; --hide removes. */
function project(record: Record<string, unknown>, o: RecordFormatOptions): Record<string, unknown> {
  if (!o.pick && !o.hide?.length) return record
  const keep = o.pick ? new Set(['timestamp', 'level', 'category', 'message', ...o.pick]) : undefined
  const hide = new Set(o.hide ?? [])
  const out: Record<string, unknown> = {}
  for (const key in record) if ((!keep || keep.has(key)) && !hide.has(key)) out[key] = record[key]
  return out
}
