/**
 * Redaction paths (`apiKey`, `*.password`, `headers.authorization`, `orders[*].card`) are parsed
 * once and compiled into a deterministic matcher tree: at run time, walking one key costs one
 * Map lookup, whatever the number of paths or wildcards.
 */
import { RedactErrors } from './errors.js'

/** A parsed segment: a literal key (array indices are keys too: "0") or the wildcard. */
export const ANY: unique symbol = Symbol('any')
export type Segment = string | typeof ANY

export interface PathNode {
  /** the value at this node is censored as a whole */
  readonly terminal: boolean
  /** literal keys; a key not listed here follows `any` */
  readonly children: ReadonlyMap<string, PathNode>
  readonly any: PathNode | undefined
}

/** The node for `key` under `node`, or undefined when no path continues there. */
export function childOf(node: PathNode | undefined, key: string): PathNode | undefined {
  if (node === undefined) return undefined
  return node.children.get(key) ?? node.any
}

const BARE = /[^.[\]"'\s]/

/** Splits a path into segments; throws a plain Error with the reason (wrapped by compilePaths). */
export function parsePath(path: string): Segment[] {
  if (path.trim() === '') throw new Error('the path is empty')
  const out: Segment[] = []
  let i = 0
  // true when the previous segment ended and a separator ('.' or '[') is required next
  let needSeparator = false
  while (i < path.length) {
    const c = path[i]
    if (c === '.') {
      if (!needSeparator) throw new Error(`empty segment at offset ${i}`)
      needSeparator = false
      i++
      if (i === path.length) throw new Error('the path ends with "."')
      continue
    }
    if (c === '[') {
      const [segment, next] = bracket(path, i)
      out.push(segment)
      i = next
      needSeparator = true
      continue
    }
    if (needSeparator) throw new Error(`expected "." or "[" at offset ${i}`)
    let j = i
    while (j < path.length && BARE.test(path[j])) j++
    if (j === i) throw new Error(`unexpected ${JSON.stringify(c)} at offset ${i}`)
    const name = path.slice(i, j)
    if (name === '*') out.push(ANY)
    else if (name.includes('*')) throw new Error(`"${name}": a wildcard matches a whole segment (use *, not part of a name)`)
    else out.push(name)
    i = j
    needSeparator = true
  }
  return out
}

/** `[*]`, `[12]`, `["any key"]` or `['any key']` starting at `start`; returns [segment, next offset]. */
function bracket(path: string, start: number): [Segment, number] {
  const close = (at: number) => {
    if (path[at] !== ']') throw new Error(`missing "]" for "[" at offset ${start}`)
    return at + 1
  }
  const q = path[start + 1]
  if (q === '"' || q === "'") {
    let key = ''
    let i = start + 2
    while (i < path.length && path[i] !== q) {
      if (path[i] === '\\' && i + 1 < path.length) i++
      key += path[i]
      i++
    }
    if (i >= path.length) throw new Error(`unterminated quote at offset ${start + 1}`)
    return [key, close(i + 1)]
  }
  const end = path.indexOf(']', start)
  if (end < 0) throw new Error(`missing "]" for "[" at offset ${start}`)
  const inner = path.slice(start + 1, end).trim()
  if (inner === '*') return [ANY, end + 1]
  if (/^\d+$/.test(inner)) return [String(Number(inner)), end + 1]
  throw new Error(`[${inner}]: brackets hold *, an index, or a quoted key like ["${inner}"]`)
}

interface Trie {
  id: number
  terminal: boolean
  children: Map<string, Trie>
  any?: Trie
}

/**
 * Compiles paths into one matcher tree, or undefined when there are none. Wildcard branches are
 * merged into the literal ones at compile time (subset construction), so a walk never follows two
 * branches at once. `where` names the option for errors (e.g. `plugins[1].redact.paths`).
 */
export function compilePaths(paths: readonly string[], where = 'paths'): PathNode | undefined {
  if (paths.length === 0) return undefined
  let ids = 0
  const root: Trie = { id: ids++, terminal: false, children: new Map() }
  paths.forEach((path, index) => {
    let segments: Segment[]
    try {
      segments = parsePath(path)
    } catch (err) {
      throw RedactErrors.PATH(`${where}[${index}]`, path, (err as Error).message)
    }
    let node = root
    for (const s of segments) {
      let next = s === ANY ? node.any : node.children.get(s)
      if (next === undefined) {
        next = { id: ids++, terminal: false, children: new Map() }
        if (s === ANY) node.any = next
        else node.children.set(s, next)
      }
      node = next
    }
    node.terminal = true
  })
  return determinize([root], new Map())
}

function determinize(set: Trie[], memo: Map<string, PathNode>): PathNode {
  const id = set
    .map((t) => t.id)
    .sort((a, b) => a - b)
    .join(',')
  const known = memo.get(id)
  if (known) return known
  const children = new Map<string, PathNode>()
  const node: { terminal: boolean; children: Map<string, PathNode>; any: PathNode | undefined } = {
    terminal: set.some((t) => t.terminal),
    children,
    any: undefined,
  }
  memo.set(id, node)
  // a censored value is replaced whole: deeper paths under it are moot
  if (node.terminal) return node
  const anys = set.flatMap((t) => (t.any ? [t.any] : []))
  const keys = new Set(set.flatMap((t) => [...t.children.keys()]))
  for (const key of keys) {
    const next = set.flatMap((t) => {
      const c = t.children.get(key)
      return c ? [c] : []
    })
    children.set(key, determinize([...next, ...anys], memo))
  }
  if (anys.length > 0) node.any = determinize(anys, memo)
  return node
}
