/**
 * The config as the daemon would run it — validated, defaults filled in — with its secrets
 * hidden: values that came from `${env:NAME}` are shown as that reference again, and whatever
 * still looks secret (key names, webhook URLs, tokens) is censored by the redact plugin's rules.
 */
import { readFileSync } from 'node:fs'
import { checkConfig as checkConfigFile, loadConfig, type LoadedConfig } from '../../core/config.js'
import { checkPlugins, loadPlugins, type LoadedPlugin } from '../../core/plugin-loader.js'
import type { LwError } from '../../core/errors.js'
import { levelLabel } from '../../core/levels.js'
import { Scrubber } from '../../core/scrub.js'
import { createRedactor } from '../../plugins/redact/index.js'

export interface CheckedConfig {
  loaded: LoadedConfig
  plugins: LoadedPlugin[]
  file: string | undefined
}

/** Loads and validates like createLogger() does, short of starting anything. */
export async function checkConfig(file: string | undefined): Promise<CheckedConfig> {
  const scrubber = cliScrubber()
  const loaded = await loadConfig(file ? { configFile: file } : {}, scrubber)
  try {
    const plugins = await loadPlugins(loaded.plugins, loaded.resolved, loaded.where)
    return { loaded, plugins, file: loaded.resolved.configFile }
  } catch (err) {
    throw scrubber.error(err)
  }
}

/** What the CLI prints about a bad config meets the redact plugin's patterns too. */
function cliScrubber(): Scrubber {
  const scrubber = new Scrubber().addSecretEnv()
  const patterns = createRedactor({})
  scrubber.usePatterns((text) => patterns.redactString(text))
  return scrubber
}

export interface Validation {
  file: string | undefined
  plugins: string[]
  problems: LwError[]
  notices: string[]
}

/**
 * Every check start runs, short of starting a sink: env references, the core schema, every
 * plugin's loading, schema and checks, plus the preflight ones (directories creatable, secrets
 * present and long enough). Gathers every problem; only an unreadable file stops it early.
 */
export async function validateConfig(file: string | undefined): Promise<Validation> {
  const scrubber = cliScrubber()
  const { loaded, problems, data } = await checkConfigFile(file ? { configFile: file } : {}, scrubber).catch((err: unknown) => {
    throw scrubber.error(err)
  })
  const plugins = await checkPlugins(loaded.plugins, loaded.resolved, loaded.where, problems, true)
  const notices: string[] = []
  if ((data as { redact?: unknown } | null)?.redact === false) notices.push('redaction is off ("redact": false): secrets in records are written as logged')
  return { file: loaded.resolved.configFile, plugins: plugins.map((p) => p.plugin.name), problems: problems.all(), notices }
}

/** A message as validate prints it: env values put back as their references, then redacted. */
export function scrubbed(text: string, file: string | undefined): string {
  return createRedactor({}).redactValue(restoreRefs(text, envRefs(file))) as string
}

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g

function envRefs(file: string | undefined): Array<[string, string]> {
  if (!file) return []
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return []
  }
  const names = new Set([...text.matchAll(ENV_REF)].map((m) => m[1]!))
  return [...names].map((n) => [n, process.env[n] ?? ''] as [string, string]).filter(([, v]) => v.length >= 3)
}

function restoreRefs(value: unknown, refs: Array<[string, string]>): unknown {
  if (typeof value === 'string') {
    let s = value
    for (const [name, v] of refs) if (s.includes(v)) s = s.split(v).join(`\${env:${name}}`)
    return s
  }
  if (Array.isArray(value)) return value.map((v) => restoreRefs(v, refs))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreRefs(v, refs)]))
  return value
}

export function printableConfig(c: CheckedConfig): Record<string, unknown> {
  const r = c.loaded.resolved
  const view = {
    file: c.file ?? null,
    level: levelLabel(r.level),
    categories: r.categories,
    errorCopies: r.errorCopies,
    queue: r.queue,
    batch: r.batch,
    workers: r.workers,
    exit: r.exit,
    record: r.record,
    redaction: c.plugins.some((p) => p.plugin.name === 'redact') ? 'on' : 'off',
    plugins: c.plugins.map((p) => ({ [p.plugin.name]: p.options })),
  }
  const restored = restoreRefs(JSON.parse(JSON.stringify(view)), envRefs(c.file))
  return createRedactor({}).redactValue(restored) as Record<string, unknown>
}
