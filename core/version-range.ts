/**
 * The small part of npm's semver ranges a plugin needs to say which logwarden it works with:
 * comparators (`>=0.1 <1`, `=0.1.2`, `0.1.x`), caret and tilde (`^0.1`, `~0.1.2`), `*`, and `||`.
 * No dependency: the core checks this at every start.
 */

type Version = [number, number, number]
type Test = (v: Version) => boolean

function cmp(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1
  return 0
}

/** `1.2.3-beta.1` → [1, 2, 3] (pre-release tags are ignored) */
export function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(text.trim())
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined
}

/** `1`, `1.2`, `1.2.3`, `1.x`, `*` → the given parts (undefined from the first wildcard on) */
function parsePartial(text: string): number[] | undefined {
  if (text === '*' || text === 'x' || text === 'X' || text === '') return []
  const m = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+].*)?$/.exec(text)
  if (!m) return undefined
  const parts: number[] = []
  for (const p of [m[1], m[2], m[3]]) {
    if (p === undefined || !/^\d+$/.test(p)) break
    parts.push(Number(p))
  }
  return parts
}

const low = (p: number[]): Version => [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0]
/** the first version above every version the partial stands for: `1.2` → 1.3.0 */
function next(p: number[]): Version {
  if (p.length === 0) return [Infinity, 0, 0]
  if (p.length === 1) return [p[0]! + 1, 0, 0]
  if (p.length === 2) return [p[0]!, p[1]! + 1, 0]
  return [p[0]!, p[1]!, p[2]! + 1]
}

function comparator(token: string): Test | undefined {
  const m = /^(>=|<=|>|<|=|\^|~)?\s*(.*)$/.exec(token)!
  const op = m[1] ?? ''
  const p = parsePartial(m[2]!)
  if (!p) return undefined
  const lo = low(p)
  const hi = next(p)
  switch (op) {
    case '>=':
      return (v) => cmp(v, lo) >= 0
    case '>':
      return (v) => cmp(v, hi) >= 0
    case '<':
      return (v) => cmp(v, lo) < 0
    case '<=':
      return (v) => cmp(v, hi) < 0
    case '^': {
      // the left-most non-zero part may not change: ^0.1 is <0.2.0, ^1.2 is <2.0.0
      const i = p.findIndex((n) => n !== 0)
      const keep = i === -1 ? Math.max(p.length - 1, 0) : i
      const top = next(p.slice(0, keep + 1))
      return (v) => cmp(v, lo) >= 0 && cmp(v, top) < 0
    }
    case '~': {
      const top = next(p.slice(0, Math.min(p.length, 2)))
      return (v) => cmp(v, lo) >= 0 && cmp(v, top) < 0
    }
    default:
      return (v) => cmp(v, lo) >= 0 && cmp(v, hi) < 0
  }
}

/** A tester for the range, or undefined when the text is not a range this reads. */
export function parseRange(range: string): Test | undefined {
  const alternatives: Test[][] = []
  for (const alt of range.split('||')) {
    // `>= 0.1` is one comparator: glue an operator to its version
    const tokens = alt
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean)
    const tests: Test[] = []
    for (const t of tokens.length ? tokens : ['*']) {
      const test = comparator(t)
      if (!test) return undefined
      tests.push(test)
    }
    alternatives.push(tests)
  }
  return (v) => alternatives.some((tests) => tests.every((t) => t(v)))
}

/** true when `version` is in `range`; undefined when either cannot be read. */
export function satisfies(version: string, range: string): boolean | undefined {
  const v = parseVersion(version)
  const test = parseRange(range)
  return v && test ? test(v) : undefined
}
