/**
 * rotate's options: the JSON schema (single source for validation and the README table) and
 * their normalized form (numbers only), which is what crosses into the worker.
 */
import type { Static } from '@sinclair/typebox'
import type { LwError } from '../../core/errors.js'
import { RotateErrors } from './errors.js'
import type { OptionProblem } from '../../core/plugin.js'
import { assertTimeZone } from './schedule.js'
import type { Interval } from './schedule.js'
import { parseDuration, parseSize, SIZE_EXPECTED, DURATION_EXPECTED } from '../../lib/util/index.js'
import { Default, Duration, PathOption, Size, Type, withDefaults, type Resolved } from '../../lib/options/index.js'

/** Options a category can override. */
const policy = {
  maxSize: Type.Union([Size(), Type.Literal(false)], {
    errorMessage: `must be ${SIZE_EXPECTED}, or false`,
    docType: 'size or `false`',
    description:
      'rotate before an append would take the active file past this size (`false`: no size trigger). Sizes: bytes or `"512KB"`, `"50MB"`, `"1.5GB"` (binary: 1KB = 1024 bytes)',
  }),
  interval: Type.Union([Type.Literal('daily'), Type.Literal('hourly'), Type.Literal(false)], {
    description: 'rotate at local midnight / the top of the hour in `timezone` (`false`: no time trigger)',
  }),
  timezone: Type.String({
    minLength: 1,
    docType: 'IANA zone',
    description: 'zone of the `interval` boundaries (DST and half-hour offsets handled); checked at start',
  }),
  maxFiles: Type.Integer({ minimum: 0, description: 'rotated files kept per category; older ones are deleted (or archived)' }),
  compress: Type.Union([Type.Literal('gzip'), Type.Literal(false)], { description: 'compress rotated files, in the background' }),
  compressLevel: Type.Integer({ minimum: 1, maximum: 9, description: 'gzip level (1 fastest, 9 smallest)' }),
  maxAge: Type.Union([Duration(), Type.Literal(false)], {
    errorMessage: `must be ${DURATION_EXPECTED}, or false`,
    docType: 'duration or `false`',
    description: 'delete (or archive) rotated files older than this (`false`: keep). Durations: ms or `"90d"`, `"12h"`, `"30min"`, `"2w"`',
  }),
}

const policyOverride = Type.Partial(Type.Object(policy), { additionalProperties: false })

export const schema = Type.Object(
  {
    sink: Type.Optional(Type.String({ minLength: 1, docDefault: 'every sink-file', description: 'name of the sink-file instance to rotate' })),
    maxSize: Default(policy.maxSize, '50MB'),
    interval: Default(policy.interval, false),
    timezone: Default(policy.timezone, 'UTC'),
    maxFiles: Default(policy.maxFiles, 10),
    compress: Default(policy.compress, 'gzip'),
    compressLevel: Default(policy.compressLevel, 6),
    maxAge: Default(policy.maxAge, '90d'),
    maxTotalSize: Type.Optional(
      Size({ description: 'budget for the whole directory (active files included); the oldest rotated files go first, across categories' }),
    ),
    minFreeDisk: Type.Optional(Size({ description: 'free-space floor on the log volume; below it the oldest rotated files are deleted' })),
    archiveDir: Type.Optional(
      PathOption('dir', {
        description:
          'move files expired by `maxFiles`, `maxAge` or `maxTotalSize` here instead of deleting them (relative to the config file). Nothing in it is ever deleted by logwarden',
      }),
    ),
    categories: Type.Optional(
      Type.Record(Type.String(), policyOverride, {
        docType: '`{ [category]: { maxSize, interval, timezone, maxFiles, compress, compressLevel, maxAge } }`',
        docDefault: '`{}`',
        description: 'per-category overrides',
      }),
    ),
  },
  { additionalProperties: false },
)

type PolicyInput = Static<typeof policyOverride>
/** The options as written (what direct createSink callers may pass). */
export type RotateOptions = Static<typeof schema>
/** The options as `apply` receives them, defaults filled. */
export type ResolvedRotateOptions = Resolved<typeof schema>

/** rotate's checks beyond the schema: the time zones exist. */
export function checkOptions(options: RotateOptions): OptionProblem[] {
  const out: OptionProblem[] = []
  const zone = (tz: string | undefined, path: string) => {
    if (tz === undefined) return
    try {
      assertTimeZone(tz)
    } catch {
      out.push({ path, message: "must be an IANA time zone such as 'UTC' or 'America/Chicago'" })
    }
  }
  zone(options.timezone, 'timezone')
  for (const [category, p] of Object.entries(options.categories ?? {})) zone(p.timezone, `categories.${category}.timezone`)
  return out
}

/** One category's effective policy; 0 disables a size or age limit. */
export interface RotationPolicy {
  maxSize: number
  interval: Interval | false
  timezone: string
  maxFiles: number
  compress: 'gzip' | false
  compressLevel: number
  maxAge: number
}

export interface NormalizedRotateOptions extends RotationPolicy {
  maxTotalSize: number
  minFreeDisk: number
  archiveDir?: string
  categories: Record<string, Partial<RotationPolicy>>
}

// the schema's defaults, normalized: no second copy of them to keep in step
const DEFAULT_POLICY = normalizePolicy(withDefaults(schema) as PolicyInput, '') as RotationPolicy

function bad(path: string, value: unknown, expected: string): LwError {
  return RotateErrors.OPTION(path, value, expected)
}

function normalizePolicy(input: PolicyInput, path: string): Partial<RotationPolicy> {
  const out: Partial<RotationPolicy> = {}
  if (input.maxSize !== undefined) {
    const v = input.maxSize === false ? 0 : parseSize(input.maxSize)
    if (v === undefined) throw bad(`${path}maxSize`, input.maxSize, SIZE_EXPECTED)
    out.maxSize = v
  }
  if (input.interval !== undefined) out.interval = input.interval
  if (input.timezone !== undefined) {
    try {
      assertTimeZone(input.timezone)
    } catch {
      throw bad(`${path}timezone`, input.timezone, "an IANA time zone such as 'UTC' or 'America/Chicago'")
    }
    out.timezone = input.timezone
  }
  if (input.maxFiles !== undefined) out.maxFiles = input.maxFiles
  if (input.compress !== undefined) out.compress = input.compress
  if (input.compressLevel !== undefined) out.compressLevel = input.compressLevel
  if (input.maxAge !== undefined) {
    const v = input.maxAge === false ? 0 : parseDuration(input.maxAge)
    if (v === undefined) throw bad(`${path}maxAge`, input.maxAge, DURATION_EXPECTED)
    out.maxAge = v
  }
  return out
}

/** Idempotent: the worker normalizes again, so direct createSink callers may pass raw options. */
export function normalizeOptions(input: RotateOptions | NormalizedRotateOptions): NormalizedRotateOptions {
  const base = { ...DEFAULT_POLICY, ...normalizePolicy(input as PolicyInput, '') }
  const budget = (name: 'maxTotalSize' | 'minFreeDisk') => {
    const raw = input[name]
    if (raw === undefined) return 0
    const v = parseSize(raw)
    if (v === undefined) throw bad(name, raw, SIZE_EXPECTED)
    return v
  }
  const categories: Record<string, Partial<RotationPolicy>> = {}
  for (const [category, policy] of Object.entries(input.categories ?? {})) {
    categories[category] = normalizePolicy(policy as PolicyInput, `categories.${category}.`)
  }
  return {
    ...base,
    maxTotalSize: budget('maxTotalSize'),
    minFreeDisk: budget('minFreeDisk'),
    ...(input.archiveDir ? { archiveDir: input.archiveDir } : {}),
    categories,
  }
}

export function policyFor(options: NormalizedRotateOptions, category: string): RotationPolicy {
  const { maxSize, interval, timezone, maxFiles, compress, compressLevel, maxAge } = options
  return { maxSize, interval, timezone, maxFiles, compress, compressLevel, maxAge, ...options.categories[category] }
}
