/**
 * What a config that cannot be parsed is told: file, line, column and the parser's reason. The
 * parsers' own messages quote the source around the mistake (a code frame, a snippet, an
 * excerpt), and that is where a webhook URL or a token sits, so none of it is kept.
 */
import { readFileSync } from 'node:fs'
import { describeError } from './errors.js'

interface YamlLike {
  name: string
  reason?: unknown
  mark?: { line?: unknown; column?: unknown }
}

/** 0-based offset → `line L, column C`, 1-based like editors show them. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset)
  return position(before.split('\n').length, offset - before.lastIndexOf('\n'))
}

function position(line: number, column: number): string {
  return `line ${line}, column ${column}`
}

/**
 * V8 names most mistakes with their offset; an unexpected token only with an excerpt. The first
 * prefix that fails for another reason than ending too early ends at the mistake (a prefix of
 * valid JSON only ever fails at its end).
 */
function jsonMistake(text: string): { offset: number; reason: string } | undefined {
  const fails = (k: number): string | undefined => {
    try {
      JSON.parse(text.slice(0, k))
      return undefined
    } catch (err) {
      const message = (err as Error).message
      const at = /at position (\d+)/.exec(message)
      if (message.startsWith('Unexpected end of JSON input') || (at && Number(at[1]) >= k)) return undefined
      return message
    }
  }
  const whole = fails(text.length)
  if (whole === undefined) {
    // the file ends too early (an unterminated string, a missing brace): said at its end
    try {
      JSON.parse(text)
    } catch (err) {
      return { offset: text.length, reason: reasonOf((err as Error).message) }
    }
    return undefined
  }
  let lo = 1
  let hi = text.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (fails(mid) !== undefined) hi = mid
    else lo = mid + 1
  }
  const message = fails(lo) ?? whole
  const at = /at position (\d+)/.exec(message)
  return { offset: at ? Number(at[1]) : lo - 1, reason: reasonOf(message) }
}

/** `Unexpected token 'x', "…source…" is not valid JSON` → `Unexpected token`; the others end before " in JSON" */
function reasonOf(message: string): string {
  return message.startsWith('Unexpected token') ? 'Unexpected token' : message.replace(/ (?:in JSON|at position \d+)[\s\S]*$/, '')
}

function jsonError(err: Error & { filepath?: unknown }): string | undefined {
  if (typeof err.filepath !== 'string') return undefined
  let text: string
  try {
    text = readFileSync(err.filepath, 'utf8')
  } catch {
    return undefined
  }
  // cosmiconfig reads package.json and *.json with parse-json, which strips a BOM first
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const mistake = jsonMistake(text)
  if (!mistake) return undefined
  return `invalid JSON at ${lineColumn(text, mistake.offset)}: ${mistake.reason}`
}

function yamlError(err: YamlLike): string | undefined {
  const { reason, mark } = err
  if (typeof reason !== 'string' || typeof mark?.line !== 'number' || typeof mark.column !== 'number') return undefined
  return `invalid YAML at ${position(mark.line + 1, mark.column + 1)}: ${reason}`
}

/** A config file's load failure in one line, without any of its source text for the parsers we know. */
export function describeLoadError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'JSONError') return jsonError(err) ?? "invalid JSON (the parser's excerpt of the file is not shown: it may hold secrets)"
    if (err.name === 'YAMLException') return yamlError(err as YamlLike) ?? "invalid YAML (the parser's excerpt of the file is not shown: it may hold secrets)"
  }
  return describeError(err)
}
