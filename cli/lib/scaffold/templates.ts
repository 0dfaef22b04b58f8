/**
 * The files of a new plugin package (`logwarden plugins new`): TypeScript compiled to dist/ (a
 * worker thread loads JavaScript, so the worker runs from dist/ even in tests), logwarden as a
 * peer dependency, a vitest test on logwarden/testing, a README whose options table comes from
 * the schema.
 */
export type Kind = 'sink' | 'notifier' | 'hook'

export interface Names {
  /** npm package name (`logwarden-sink-sqlite`, `@acme/logwarden-pager`) */
  pkg: string
  /** the plugin's name in configs and status: the package name without its scope */
  plugin: string
  /** the logwarden range the plugin declares it works with (`>=0.1 <1`) */
  range: string
  /** what package.json's devDependencies install for development (`^0.1.0`, `file:../logwarden`) */
  devSpec: string
}

/** The range a new plugin declares: this minor up to the next major (before 1.0, up to 1.0). */
export function pluginRange(version: string): string {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major === 0 ? `>=0.${minor} <1` : `>=${major}.${minor} <${major + 1}`
}

export function packageJson(n: Names, kind: Kind): string {
  const pkg = {
    name: n.pkg,
    version: '0.1.0',
    description: `logwarden ${kind} plugin`,
    keywords: ['logwarden', 'logwarden-plugin', `logwarden-${kind}`],
    type: 'module',
    engines: { node: '>=20.19' },
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    files: ['dist', '!dist/**/*.test.*', 'README.md'],
    scripts: {
      build: 'tsc -p .',
      test: 'tsc -p . && vitest run',
      prepublishOnly: 'npm test',
    },
    peerDependencies: { logwarden: n.range },
    devDependencies: { logwarden: n.devSpec, typescript: '^5.9.3', vitest: '^3.2.7', '@types/node': '^20.19.0' },
  }
  return `${JSON.stringify(pkg, null, 2)}\n`
}

export const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      declaration: true,
      outDir: 'dist',
      rootDir: 'src',
      skipLibCheck: true,
      types: ['node'],
    },
    include: ['src'],
  },
  null,
  2,
)}\n`

export const VITEST_CONFIG = `import { defineConfig } from 'vitest/config'

// the tests run against dist/ (npm test compiles first): a worker thread loads JavaScript
export default defineConfig({ test: { include: ['dist/**/*.test.js'], exclude: ['**/node_modules/**'], testTimeout: 20_000 } })
`

export const GITIGNORE = 'node_modules\ndist\n'

/** The schemas as data: written into src/index.ts and rendered as the README's options table. */
export function sinkSchema(n: Names): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      file: {
        type: 'string',
        lwPath: 'file',
        default: `logs/${n.plugin}.jsonl`,
        description: 'file the records are appended to (relative to the config file)',
      },
      categories: {
        anyOf: [{ const: '*' }, { type: 'array', items: { type: 'string' } }],
        default: '*',
        description: 'categories this sink receives, or "*" for all',
      },
    },
  }
}

export const NOTIFIER_OWN = { url: { type: 'string', minLength: 1, description: 'where alerts are POSTed (secret; use ${env:NAME})' } }

export const HOOK_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    fields: { type: 'array', items: { type: 'string' }, default: ['internal_note'], description: 'fields whose values are replaced by "[masked]"' },
  },
}

const json = (v: unknown) => JSON.stringify(v, null, 2)

const SINK_INDEX = (n: Names) => `/** ${n.plugin}: a logwarden sink that appends every record it receives to a file. */
import { definePlugin, type JsonSchema } from 'logwarden'

export interface Options {
  file: string
  categories: string[] | '*'
}

// the one source of the options: ajv checks a config against it and fills the defaults; the
// README's table is made from it. lwPath: a relative path is resolved against the config file's
// folder before apply() sees it.
export const schema: JsonSchema = ${json(sinkSchema(n))}

export default definePlugin<Options>({
  name: '${n.plugin}',
  schema,
  logwarden: '${n.range}',
  apply(pipeline, options) {
    pipeline.addSink({
      name: '${n.plugin}',
      kind: '${n.plugin}',
      // the compiled worker beside this file: dist/worker.js
      module: new URL('./worker.js', import.meta.url).href,
      options: { file: options.file },
      categories: options.categories,
    })
  },
})
`

const SINK_WORKER = `/** Runs in logwarden's worker pool: one batch at a time, in order. */
import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { CreateSink } from 'logwarden'

export const createSink: CreateSink<{ file: string }> = (options, ctx) => {
  mkdirSync(dirname(options.file), { recursive: true })
  return {
    write(batch) {
      // each group holds the JSON lines of one category, ready to append as they are
      for (const group of batch.groups) appendFileSync(options.file, group.data)
      ctx.count('lines', batch.groups.reduce((n, g) => n + g.count, 0))
    },
  }
}
`

const SINK_TEST = (n: Names) => `import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { makeRecord, runPlugin, startSink, type PluginRun } from 'logwarden/testing'
import plugin from './index.js'

let run: PluginRun | undefined
afterEach(() => run?.close())

it('appends what a logger sends, each record once', async () => {
  run = await runPlugin(plugin, {})
  run.log.category('audit').info('hello', { n: 1 })
  run.log.category('enforcement').error('failed')
  await run.log.flush()
  const lines = readFileSync(join(run.dir, 'logs', '${n.plugin}.jsonl'), 'utf8').trim().split('\\n').map((l) => JSON.parse(l))
  expect(lines.filter((r) => r.message === 'hello' || r.message === 'failed')).toHaveLength(2)
})

it('writes a batch in a real worker thread', async () => {
  const dir = (run = await runPlugin(plugin, {})).dir
  const sink = await startSink(new URL('./worker.js', import.meta.url), { file: join(dir, 'direct.jsonl') })
  await sink.writeRecords([makeRecord({ message: 'a' }), makeRecord({ category: 'audit', message: 'b' })])
  await sink.close()
  expect(readFileSync(join(dir, 'direct.jsonl'), 'utf8')).toContain('"message":"b"')
  expect(sink.counters.lines).toBe(2)
})
`

const NOTIFIER_INDEX = (n: Names) => `/** ${n.plugin}: alerts as JSON POSTs to one URL, on logwarden's notifier kit. */
import { notifierPlugin, notifierSchema, type NotifierOptions } from 'logwarden/notifier'

export interface Options extends NotifierOptions {
  url: string
}

// your options, plus every option notifiers share (routes, rateLimit, retry, spool…)
export const schema = notifierSchema(${json(NOTIFIER_OWN)}, ['url'])

export default notifierPlugin<Options>({
  name: '${n.plugin}',
  schema,
  logwarden: '${n.range}',
  worker: new URL('./worker.js', import.meta.url),
})
`

const NOTIFIER_WORKER = (n: Names) => `/** Runs in logwarden's worker pool: only render and send; the kit does routing, rate limits, retries and the spool. */
import type { CreateSink } from 'logwarden'
import { classifyReply, notifierWorker, sendHttp, type Notification, type Transport } from 'logwarden/notifier'
import { schema, type Options } from './index.js'

class JsonTransport implements Transport<string> {
  readonly kind = '${n.plugin}'
  readonly accountKey = '${n.plugin}'
  readonly hasPlainForm = false
  constructor(private readonly timeoutMs: number) {}
  render(n: Notification) {
    return [{ body: JSON.stringify({ title: n.title, severity: n.severity, fields: n.fields, at: n.timestamp }), describe: 'one JSON alert' }]
  }
  async send(part: { body: string }, url: string, signal: AbortSignal) {
    return classifyReply(await sendHttp(url, part.body, { timeoutMs: this.timeoutMs, signal }))
  }
}

export const createSink: CreateSink = notifierWorker<Options, string>({
  name: '${n.plugin}',
  schema,
  channels: (options, secrets) => {
    secrets.add(options.url)
    return [{ name: 'default', target: options.url }]
  },
  transport: (options) => new JsonTransport(options.timeoutMs),
})
`

const NOTIFIER_TEST = `import { afterEach, expect, it } from 'vitest'
import { LoopbackServer, runPlugin, waitFor, type PluginRun } from 'logwarden/testing'
import plugin from './index.js'

let run: PluginRun | undefined
let api: LoopbackServer | undefined
afterEach(async () => {
  await run?.close()
  await api?.close()
})

it('posts an alert for a warning in enforcement', async () => {
  api = new LoopbackServer()
  await api.listen()
  run = await runPlugin(plugin, { url: \`\${api.origin}/alerts\`, aggregate: { windowMs: 0 } })
  run.log.category('enforcement').warn('Position closed', { account_id: 'ABC123' })
  await waitFor(() => api!.delivered.length === 1, 10_000, 'one alert')
  expect(api.delivered[0]!.body).toMatchObject({ severity: 'warning' })
})
`

const HOOK_INDEX = (n: Names) => `/** ${n.plugin}: masks the values of named fields in every record, before any sink sees it. */
import { definePlugin, type JsonSchema } from 'logwarden'

export interface Options {
  fields: string[]
}

export const schema: JsonSchema = ${json(HOOK_SCHEMA)}

export default definePlugin<Options>({
  name: '${n.plugin}',
  schema,
  logwarden: '${n.range}',
  // the built-in redact runs first; masking after it keeps both
  after: ['redact'],
  apply(pipeline, options) {
    pipeline.hooks.redact.tap('${n.plugin}', (record) => {
      const fields = record.fields
      if (!fields) return record
      let masked: Record<string, unknown> | undefined
      for (const name of options.fields) if (name in fields) (masked ??= { ...fields })[name] = '[masked]'
      return masked ? { ...record, fields: masked } : record
    })
  },
})
`

const HOOK_TEST = `import { afterEach, expect, it } from 'vitest'
import { runPlugin, type PluginRun } from 'logwarden/testing'
import plugin from './index.js'

let run: PluginRun | undefined
afterEach(() => run?.close())

it('masks the named fields before any sink sees them', async () => {
  run = await runPlugin(plugin, { fields: ['internal_note'] })
  run.log.info('paid', { internal_note: 'customer called twice', amount: 5 })
  await run.log.flush()
  const paid = run.reported().find((r) => r.message === 'paid')
  expect(paid).toMatchObject({ internal_note: '[masked]', amount: 5 })
})
`

/** path → content, for one kind */
export function files(n: Names, kind: Kind): Record<string, string> {
  const common = { 'package.json': packageJson(n, kind), 'tsconfig.json': TSCONFIG, 'vitest.config.ts': VITEST_CONFIG, '.gitignore': GITIGNORE }
  if (kind === 'sink') return { ...common, 'src/index.ts': SINK_INDEX(n), 'src/worker.ts': SINK_WORKER, 'src/index.test.ts': SINK_TEST(n) }
  if (kind === 'notifier') return { ...common, 'src/index.ts': NOTIFIER_INDEX(n), 'src/worker.ts': NOTIFIER_WORKER(n), 'src/index.test.ts': NOTIFIER_TEST }
  return { ...common, 'src/index.ts': HOOK_INDEX(n), 'src/index.test.ts': HOOK_TEST }
}

export function readme(n: Names, kind: Kind, table: string): string {
  const what = kind === 'sink' ? 'a sink' : kind === 'notifier' ? 'a notifier' : 'a hook plugin'
  return `# ${n.pkg}

${what[0]!.toUpperCase()}${what.slice(1)} for [logwarden](https://www.npmjs.com/package/logwarden).

\`\`\`sh
npm install ${n.pkg}
\`\`\`

\`\`\`json
{ "plugins": ["redact", { "${n.pkg}": {} }] }
\`\`\`

## Develop

\`npm test\` compiles \`src/\` to \`dist/\` and runs the tests there (logwarden runs a sink's worker
in a worker thread, which loads JavaScript). \`npm publish\` runs the tests first.

## Options

${table}
`
}
