import { formatSize } from '../../lib/util/index.js'
/** A plain text table: left-aligned columns, padded to the widest cell (ANSI colors ignored). */
const ANSI = /\x1b\[[0-9;]*m/g

function width(s: string): number {
  return [...s.replace(ANSI, '')].length
}

export function table(header: string[], rows: string[][], indent = ''): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))))
  const line = (cells: string[]) =>
    indent +
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c))))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)].join('\n')
}

export function bytes(n: number | undefined): string {
  return n === undefined ? '?' : formatSize(n)
}

export function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400)
  const h = Math.floor((seconds % 86400) / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  if (d) return `${d}d ${h}h`
  if (h) return `${h}h ${m}m`
  if (m) return `${m}m ${s}s`
  return `${s}s`
}
