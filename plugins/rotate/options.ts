/**
 * rotate's options: the JSON schema (single source for validation and the README table) and
 * their normalized form (numbers only), which is what crosses into the worker.
 */
import type { LwError } from '../../core/errors.js'
import { RotateErrors } from './errors.js'
import type { JsonSchema } from '../../core/plugin.js'
import { assertTimeZone } from './schedule.js'
import type { Interval } from './schedule.js'
import { parseDuration, parseSize } from '../../lib/util/index.js'

const size = { anyOf: [{ type: 'string', minLength: 1 }, { type: 'integer', minimum: 1 }] }
const duration = { anyOf: [{ type: 'string', minLength: 1 }, { type: 'integer', minimum: 1 }] }

/** Options a category can override. */
const policyProperties = {
  maxSize: { anyOf: [...size.anyOf, { const: false }], description: "rotate when the active file would pass this size ('50MB', bytes; false = no size trigger)" },
  interval: { enum: ['daily', 'hourly', false], description: 'rotate at local midnight / the top of the hour in `timezone` (false = no time trigger)' },
  timezone: { type: 'string', minLength: 1, description: 'IANA zone for `interval` boundaries' },
  maxFiles: { type: 'integer', minimum: 0, description: 'rotated files kept per category; older ones are deleted or archived' },
  compress: { enum: ['gzip', false], description: 'compress rotated files in the background' },
  compressLevel: { type: 'integer', minimum: 1, maximum: 9, description: 'gzip level (1 fastest … 9 smallest)' },
  maxAge: { anyOf: [...duration.anyOf, { const: false }], description: "delete or archive rotated files older than this ('90d'; false = keep)" },
}

export const schema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sink: { type: 'string', minLength: 1, description: 'name of the sink-file instance to rotate (default: every sink-file)' },
    maxSize: { ...policyProperties.maxSize, default: '50MB' },
    interval: { ...policyProperties.interval, default: false },
    timezone: { ...policyProperties.timezone, default: 'UTC' },
    maxFiles: { ...policyProperties.maxFiles, default: 10 },
    compress: { ...policyProperties.compress, default: 'gzip' },
    compressLevel: { ...policyProperties.compressLevel, default: 6 },
    maxAge: { ...policyProperties.maxAge, default: '90d' },
    maxTotalSize: { ...size, description: 'budget for the whole directory (active + rotated); the oldest rotated files go first' },
    minFreeDisk: { ...size, description: 'free-space floor on the log volume; the oldest rotated files go first' },
    archiveDir: { type: 'string', minLength: 1, description: 'move expired files here instead of deleting them (relative to the config file)' },
    categories: {
      type: 'object',
      description: 'per-category overrides of maxSize, interval, timezone, maxFiles, compress, compressLevel, maxAge',
      additionalProperties: { type: 'object', additionalProperties: false, properties: policyProperties },
    },
  },
}

type SizeInput = string | number
type PolicyInput = {
  maxSize?: SizeInput | false
  interval?: Interval | false
  timezone?: string
  maxFiles?: number
  compress?: 'gzip' | false
  compressLevel?: number
  maxAge?: SizeInput | false
}

export interface RotateOptions extends PolicyInput {
  sink?: string
  maxTotalSize?: SizeInput
  minFreeDisk?: SizeInput
  archiveDir?: string
  categories?: Record<string, PolicyInput>
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

const DEFAULT_POLICY: RotationPolicy = {
  maxSize: 50 * 1024 ** 2, interval: false, timezone: 'UTC', maxFiles: 10, compress: 'gzip', compressLevel: 6, maxAge: 90 * 86_400_000,
}

function bad(path: string, value: unknown, expected: string): LwError {
  return RotateErrors.OPTION(path, value, expected)
}

function normalizePolicy(input: PolicyInput, path: string): Partial<RotationPolicy> {
  const out: Partial<RotationPolicy> = {}
  if (input.maxSize !== undefined) {
    const v = input.maxSize === false ? 0 : parseSize(input.maxSize)
    if (v === undefined) throw bad(`${path}maxSize`, input.maxSize, "a size such as '50MB', '512KB' or a byte count")
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
    if (v === undefined) throw bad(`${path}maxAge`, input.maxAge, "a duration such as '90d', '12h' or milliseconds")
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
    if (v === undefined) throw bad(name, raw, "a size such as '5GB' or a byte count")
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
