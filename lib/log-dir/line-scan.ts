/**
 * Lines out of raw bytes, fast: a region that ends at a newline is decoded in one piece (a
 * newline is one byte in UTF-8 and never inside a character), and with needles only the lines
 * holding one of them are decoded at all — `Buffer.indexOf` jumps from one occurrence to the next
 * (a memchr-speed search), so a field query over a gigabyte decodes and parses a few thousand
 * lines, not millions.
 */
const NL = 10

/**
 * What a line must hold to be worth decoding: bytes (exact), or a global regex run over the
 * decoded region (case-insensitive text: one search over megabytes, not one test per line).
 */
export type Needles = readonly Buffer[] | RegExp

/** The lines of a decoded region that `re` (global) matches in, each once. */
function searchText(text: string, re: RegExp, out: string[]): void {
  re.lastIndex = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = text.lastIndexOf('\n', m.index) + 1
    let stop = text.indexOf('\n', m.index)
    if (stop === -1) stop = text.length
    out.push(text.slice(start, stop))
    re.lastIndex = stop + 1
    if (re.lastIndex >= text.length) return
  }
}

/** Pushes onto `out` the lines of `buf[0, end)` (which ends just before a newline, or at the end of data) that contain a needle (all lines without needles). */
export function scanRegion(buf: Buffer, end: number, needles: Needles | undefined, out: string[]): void {
  if (end <= 0) return
  if (needles instanceof RegExp) return searchText(buf.toString('utf8', 0, end), needles, out)
  if (!needles || needles.length === 0) {
    for (const line of buf.toString('utf8', 0, end).split('\n')) out.push(line)
    return
  }
  // next occurrence of each needle at or after `pos`
  const next = needles.map((n) => buf.indexOf(n, 0))
  let pos = 0
  for (;;) {
    let at = -1
    for (let k = 0; k < needles.length; k++) {
      if (next[k]! !== -1 && next[k]! < pos) next[k] = buf.indexOf(needles[k]!, pos)
      const i = next[k]!
      if (i !== -1 && i < end && (at === -1 || i < at)) at = i
    }
    if (at === -1) return
    const start = at === 0 ? 0 : buf.lastIndexOf(NL, at - 1) + 1
    let stop = buf.indexOf(NL, at)
    if (stop === -1 || stop > end) stop = end
    out.push(buf.toString('utf8', start, stop))
    pos = stop + 1
    if (pos >= end) return
  }
}

/** Lines of a stream of byte chunks, a batch per chunk; the bytes after the last newline wait for the next chunk. */
export async function* chunkLines(chunks: AsyncIterable<Buffer>, needles?: Needles): AsyncGenerator<string[]> {
  let carry: Buffer | undefined
  for await (const chunk of chunks) {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk
    const last = buf.lastIndexOf(NL)
    if (last === -1) {
      carry = buf
      continue
    }
    const out: string[] = []
    scanRegion(buf, last, needles, out)
    // copied: the chunk's memory may be a pool slice reused by the stream
    carry = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : undefined
    if (out.length) yield out
  }
  // a last line without its newline is being written right now, or was torn: parsing decides
  if (carry?.length) {
    const out: string[] = []
    scanRegion(carry, carry.length, needles, out)
    if (out.length) yield out
  }
}

/** Lines of a whole buffer (a file read and inflated at once). */
export function bufferLines(buf: Buffer, needles?: Needles): string[] {
  const out: string[] = []
  const end = buf.length > 0 && buf[buf.length - 1] === NL ? buf.length - 1 : buf.length
  scanRegion(buf, end, needles, out)
  return out
}
