/** Records as sink-file writes them, and reading a directory back into them: shared by the readLogs tests. */
import { readLogs, type ReadLogsOptions } from '../read-logs.js'

/** An ISO timestamp `s` seconds after a fixed instant, so tests order records by their seconds. */
export const T = (s: number) => new Date(Date.UTC(2026, 10, 23, 10, 0, 0) + s * 1000).toISOString()

export interface Rec {
  timestamp: string
  level: string
  category: string
  message: string
  event_id: string
  [k: string]: unknown
}

export function rec(s: number, category: string, id: string, extra: Partial<Rec> = {}): Rec {
  return { timestamp: T(s), level: 'info', category, message: `${category} at ${s}`, event_id: id, ...extra }
}

export async function collect(options: ReadLogsOptions): Promise<Rec[]> {
  const out: Rec[] = []
  for await (const r of readLogs(options)) out.push(r as Rec)
  return out
}
