import { afterEach, describe, expect, it } from 'vitest'
import { writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createLogger, EMBEDDED_DEFAULT } from 'logwarden'
import { APPEND_SINK, readLines, tempDir } from './helpers/sinks.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

function project() {
  const t = tempDir('lw-config-')
  cleanup.push(t.cleanup)
  // a user's own plugin, addressed by a path relative to the config file
  writeFileSync(
    join(t.dir, 'my-sink.mjs'),
    `
export default {
  name: 'my-sink',
  schema: { type: 'object', additionalProperties: false, required: ['file'], properties: { file: { type: 'string' }, label: { type: 'string', default: 'none' } } },
  apply(pipeline, options) {
    pipeline.addSink({ name: 'my-sink', kind: 'my-sink', module: ${JSON.stringify(APPEND_SINK)}, options: { file: options.file } })
    pipeline.hooks.redact.tap('my-sink', (r) => ({ ...r, fields: { ...r.fields, label: options.label } }))
  },
}
`,
  )
  return t.dir
}

async function open(options: Parameters<typeof createLogger>[0]) {
  const log = await createLogger(options)
  cleanup.push(() => log.close())
  return log
}

describe('config discovery', () => {
  it('finds logwarden.config.yaml from the working directory and loads a plugin relative to it', async () => {
    const dir = project()
    const out = join(dir, 'out.log')
    writeFileSync(join(dir, 'logwarden.config.yaml'), `level: debug\ncategories: [system, execution]\nplugins:\n  - ./my-sink.mjs: { file: ${out} }\n`)
    const log = await open({ cwd: dir })
    log.category('execution').debug('filled', { qty: 2 })
    await log.flush()
    expect(readLines(out)).toMatchObject([{ level: 'debug', category: 'execution', message: 'filled', qty: 2, label: 'none' }])
  })

  it('walks up from a subdirectory to the project root, and reads package.json#logwarden', async () => {
    const dir = project()
    const out = join(dir, 'pkg.log')
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', logwarden: { plugins: [{ './my-sink.mjs': { file: out, label: 'pkg' } }] } }))
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true })
    const log = await open({ cwd: join(dir, 'src', 'deep') })
    log.info('from package.json')
    await log.flush()
    expect(readLines(out)).toMatchObject([{ message: 'from package.json', label: 'pkg' }])
  })

  it('an explicit configFile (.mjs) may pass imported plugin objects and [plugin, options] pairs', async () => {
    const dir = project()
    const out = join(dir, 'js.log')
    writeFileSync(
      join(dir, 'custom.config.mjs'),
      `import sink from './my-sink.mjs'\nexport default { plugins: [[sink, { file: ${JSON.stringify(out)}, label: 'js' }]] }\n`,
    )
    const log = await open({ configFile: join(dir, 'custom.config.mjs') })
    log.info('from js')
    await log.flush()
    expect(readLines(out)).toMatchObject([{ message: 'from js', label: 'js' }])
  })

  it('resolves a third-party plugin by npm package name from the config file\u2019s directory', async () => {
    const dir = project()
    const out = join(dir, 'npm.log')
    const pkg = join(dir, 'node_modules', 'logwarden-plugin-acme')
    mkdirSync(pkg, { recursive: true })
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'logwarden-plugin-acme', type: 'module', exports: { '.': { import: './index.js' } } }))
    writeFileSync(join(pkg, 'index.js'), `export { default } from ${JSON.stringify(join(dir, 'my-sink.mjs'))}\n`)
    writeFileSync(join(dir, 'logwarden.config.json'), JSON.stringify({ plugins: [{ 'logwarden-plugin-acme': { file: out, label: 'npm' } }] }))
    const log = await open({ cwd: dir })
    log.info('from npm')
    await log.flush()
    expect(readLines(out)).toMatchObject([{ message: 'from npm', label: 'npm' }])
  })

  it('loads a logwarden.config.ts', async () => {
    const dir = project()
    const out = join(dir, 'ts.log')
    writeFileSync(
      join(dir, 'logwarden.config.ts'),
      `const level: string = 'warn'\nexport default { level, plugins: [{ './my-sink.mjs': { file: ${JSON.stringify(out)}, label: 'ts' } }] }\n`,
    )
    const log = await open({ cwd: dir })
    log.info('filtered')
    log.warn('from ts')
    await log.flush()
    expect(readLines(out)).toMatchObject([{ message: 'from ts', label: 'ts' }])
  })

  it('with no config anywhere, the embedded default is used (redaction + files in ./logs)', async () => {
    expect(EMBEDDED_DEFAULT.plugins).toEqual(['redact', { 'sink-file': { dir: './logs' } }])
    const t = tempDir('lw-noconfig-')
    cleanup.push(t.cleanup)
    const log = await open({ cwd: t.dir })
    log.info('defaults', { apiKey: 'sk-live-0123456789abcdef' })
    await log.flush()
    const [r] = readLines(join(t.dir, 'logs', 'system.log'))
    expect(r).toMatchObject({ message: 'defaults', apiKey: '[REDACTED]' })
  })

  it('finds .logwardenrc.json and logwarden.config.js too', async () => {
    for (const [name, body] of [
      ['.logwardenrc.json', (out: string) => JSON.stringify({ plugins: [{ './my-sink.mjs': { file: out, label: 'rc' } }] })],
      ['logwarden.config.js', (out: string) => `export default { plugins: [{ './my-sink.mjs': { file: ${JSON.stringify(out)}, label: 'js' } }] }\n`],
    ] as const) {
      const dir = project()
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', type: 'module' }))
      const out = join(dir, 'out.log')
      writeFileSync(join(dir, name), body(out))
      const log = await open({ cwd: dir })
      log.info(name)
      await log.flush()
      expect(readLines(out)).toMatchObject([{ message: name }])
    }
  })
})

describe('bad config is a clear error', () => {
  it('names the file, the JSON path and what was expected', async () => {
    const dir = project()
    const file = join(dir, 'logwarden.config.yaml')
    writeFileSync(file, `level: loud\nqueue: { overflow: spill }\nplugins:\n  - ./my-sink.mjs: { file: 42, colour: red }\n`)
    const err = await createLogger({ cwd: dir }).then(
      () => null,
      (e: Error & { code: string }) => e,
    )
    expect(err?.code).toBe('LW_ERR_CONFIG_INVALID')
    expect(err!.message).toContain(`${file}: level: must be one of "trace", "debug", "info", "warn", "warning", "error", "critical", "fatal"`)
    expect(err!.message).toContain(`${file}: queue.overflow: must be one of "block", "drop-newest", "drop-oldest"`)
  })

  it('validates each plugin\u2019s options against its schema, with the plugin in the path', async () => {
    const dir = project()
    const file = join(dir, 'logwarden.config.yaml')
    writeFileSync(file, `plugins:\n  - ./my-sink.mjs: { file: 42, colour: red }\n`)
    const err = await createLogger({ cwd: dir }).then(
      () => null,
      (e: Error) => e,
    )
    expect(err!.message).toContain(`${file}: plugins[0]["./my-sink.mjs"].file: must be string`)
    expect(err!.message).toContain(`${file}: plugins[0]["./my-sink.mjs"]: unknown option "colour"`)
  })

  it('an unknown plugin name lists the names that exist', async () => {
    const err = await createLogger({ config: { plugins: ['sink-fiel'] } }).then(
      () => null,
      (e: Error & { code: string }) => e,
    )
    expect(err?.code).toBe('LW_ERR_UNKNOWN_PLUGIN')
    expect(err!.message).toMatch(/unknown plugin "sink-fiel" at inline config: plugins\[0\]\. Built-in plugins: .*redact/)
  })

  it('a missing config file is named', async () => {
    await expect(createLogger({ configFile: '/nonexistent/logwarden.yaml' })).rejects.toMatchObject({
      code: 'LW_ERR_CONFIG_NOT_FOUND',
      message: expect.stringContaining('/nonexistent/logwarden.yaml'),
    })
  })
})

describe('${env:NAME}', () => {
  it('pulls a value from the environment', async () => {
    const dir = project()
    const out = join(dir, 'env.log')
    process.env.LW_TEST_LABEL = 'from-env'
    cleanup.push(() => delete process.env.LW_TEST_LABEL)
    const log = await open({ config: { plugins: [{ [join(dir, 'my-sink.mjs')]: { file: out, label: '${env:LW_TEST_LABEL}' } }] } })
    log.info('x')
    await log.flush()
    expect(readLines(out)[0].label).toBe('from-env')
  })

  it('a missing variable is an error naming the variable and where, never a value', async () => {
    process.env.LW_PRESENT_SECRET = 'hunter2-value'
    cleanup.push(() => delete process.env.LW_PRESENT_SECRET)
    const err = await createLogger({
      config: { plugins: [{ 'notify-x': { token: '${env:LW_PRESENT_SECRET}', url: 'https://x/${env:LW_ABSENT_SECRET}' } }] },
    }).then(
      () => null,
      (e: Error & { code: string }) => e,
    )
    expect(err?.code).toBe('LW_ERR_ENV_MISSING')
    expect(err!.message).toContain('LW_ABSENT_SECRET')
    expect(err!.message).toContain('plugins[0].notify-x.url')
    expect(err!.message).not.toContain('hunter2-value')
  })
})
